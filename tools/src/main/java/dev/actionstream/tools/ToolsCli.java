package dev.actionstream.tools;

import dev.actionstream.runtime.cli.RuntimeVersion;
import dev.actionstream.synth.cli.CliConventions;
import dev.actionstream.tools.load.BenchCommand;
import dev.actionstream.tools.soak.SoakCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the load harness: {@code actionstream bench|soak ...}, with the runtime's version lines for {@code -V}. */
@Command(name = "actionstream", mixinStandardHelpOptions = true,
        description = "Measures the runtime: load trials and soak runs through the real pipeline.",
        subcommands = {BenchCommand.class, SoakCommand.class, CommandLine.HelpCommand.class})
public final class ToolsCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line as the launcher runs it: every subcommand with the version and the short error output. */
    public static CommandLine commandLine() {
        return CliConventions.configure(new CommandLine(new ToolsCli()), new RuntimeVersion());
    }
}
