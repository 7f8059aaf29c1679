package dev.actionstream.synth.cli;

import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every actionstream command line shares, whichever module's main starts it: {@code -V} prints the build's
 * version, and a bad argument prints the error and one line pointing at {@code --help} instead of the whole usage.
 * {@link #violations} checks the help texts keep the house conventions (tests walk each CLI with it).
 */
public final class CliConventions {

    /** A placeholder picocli derives from a Java field name, e.g. {@code <faultEvery>}. */
    private static final Pattern FIELD_LABEL = Pattern.compile("<[a-z][A-Za-z0-9]*>");

    private CliConventions() {
    }

    /** Applies the conventions to {@code root} and every subcommand; returns {@code root}. */
    public static CommandLine configure(CommandLine root, IVersionProvider version) {
        apply(root, version);
        root.setParameterExceptionHandler(CliConventions::shortError);
        return root;
    }

    private static void apply(CommandLine cli, IVersionProvider version) {
        cli.getCommandSpec().versionProvider(version);
        cli.getSubcommands().values().forEach(sub -> apply(sub, version));
    }

    private static int shortError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        err.println(cli.getColorScheme().errorText(e.getMessage()));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try './" + cli.getCommandSpec().qualifiedName() + " --help' for its options.");
        err.flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** Broken conventions of {@code root} and its subcommands, one line each; empty when all hold. */
    public static List<String> violations(CommandLine root) {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(CommandLine cli, List<String> out) {
        CommandSpec spec = cli.getCommandSpec();
        String name = spec.qualifiedName();
        boolean leaf = cli.getSubcommands().isEmpty();
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        if (leaf && !(help.synopsisHeading() + help.synopsis(0)).strip().startsWith("Usage: actionstream ")) {
            out.add(name + ": usage does not start with 'Usage: actionstream <command>'");
        }
        if (spec.versionProvider() == null && spec.version().length == 0) {
            out.add(name + ": -V prints nothing");
        }
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp() || o.arity().max() == 0) {
                continue;
            }
            String label = o.paramLabel();
            if (FIELD_LABEL.matcher(label).matches()) {
                out.add(name + " " + o.longestName() + ": placeholder " + label + " is a Java field name; "
                        + "give it a paramLabel");
            }
            String description = String.join(" ", o.description());
            if (o.defaultValue() != null && !(description.contains("default") && description.contains(o.defaultValue()))) {
                out.add(name + " " + o.longestName() + ": default " + o.defaultValue()
                        + " not stated in its description");
            }
        }
        cli.getSubcommands().values().forEach(sub -> collect(sub, out));
    }
}
