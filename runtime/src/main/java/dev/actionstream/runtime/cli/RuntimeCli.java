package dev.actionstream.runtime.cli;

import dev.actionstream.synth.cli.CliConventions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the runtime: {@code actionstream serve|demo|streams|models ...}; {@code actionstream -V} prints the versions. The load
 * harness ({@code bench}, {@code soak}) lives in the tools module ({@code dev.actionstream.tools.ToolsCli}).
 */
@Command(name = "actionstream", mixinStandardHelpOptions = true,
        description = "Recognises human actions in live video and publishes label events.",
        subcommands = {ServeCommand.class, DemoCommand.class, StreamsCommand.class, ModelsCommand.class,
                CommandLine.HelpCommand.class})
public final class RuntimeCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as the launcher runs it: every subcommand with the version and the short error output. */
    static CommandLine commandLine() {
        return CliConventions.configure(new CommandLine(new RuntimeCli()), new RuntimeVersion());
    }
}
