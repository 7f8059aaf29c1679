package dev.actionstream.trainer.cli;

import dev.actionstream.synth.cli.SynthCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the offline commands: synth, train, evaluate, predict. */
@Command(name = "actionstream", mixinStandardHelpOptions = true, version = "actionstream 0.1.0",
        description = "Offline commands: synthetic data, training, evaluation, prediction.",
        subcommands = {SynthCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class})
public final class TrainerCli {

    private TrainerCli() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainerCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
