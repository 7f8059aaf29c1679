package dev.actionstream.trainer.cli;

import dev.actionstream.synth.cli.CliConventions;
import dev.actionstream.synth.cli.SynthCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the offline commands: synth, train, evaluate, predict. */
@Command(name = "actionstream", mixinStandardHelpOptions = true,
        description = "Offline commands: synthetic data, training, evaluation, prediction.",
        subcommands = {SynthCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class})
public final class TrainerCli {

    private TrainerCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as the launcher runs it: every subcommand with the version and the short error output. */
    static CommandLine commandLine() {
        return CliConventions.configure(new CommandLine(new TrainerCli()).setCaseInsensitiveEnumValuesAllowed(true),
                new TrainerVersion());
    }
}
