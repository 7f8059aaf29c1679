package dev.actionstream.runtime.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runtime: {@code actionstream serve ...}. Further subcommands (demo, bench) register here. */
@Command(name = "actionstream", mixinStandardHelpOptions = true,
        description = "Recognises human actions in live video and publishes label events.",
        subcommands = {ServeCommand.class, DemoCommand.class, BenchCommand.class, SoakCommand.class, CommandLine.HelpCommand.class})
public final class RuntimeCli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new RuntimeCli()).execute(args));
    }
}
