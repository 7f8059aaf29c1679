package dev.actionstream.runtime.cli;

import dev.actionstream.runtime.cluster.ClusterSettings;
import dev.actionstream.runtime.cluster.ClusterTopics;
import dev.actionstream.runtime.cluster.FleetModels;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code models publish FILE --cluster HOST:PORT}: the model every node of the fleet serves from now on. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "The model a fleet of 'serve --cluster' "
        + "nodes serves.", subcommands = {ModelsCommand.Publish.class})
public final class ModelsCommand {

    @Command(name = "publish", mixinStandardHelpOptions = true, description = "Sends an ONNX model (one file, at "
            + "most 16 MiB) to every node: each validates, warms up and swaps it in; a node that rejects it keeps "
            + "its model (GET /api/fleet shows each node's model and why it refused).")
    static final class Publish implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        StreamsCommand.ClusterOption cluster = new StreamsCommand.ClusterOption();
        @Parameters(index = "0", paramLabel = "FILE", description = "The .onnx file.")
        Path file;

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            ClusterSettings s = cluster.settings(cli);
            ClusterTopics.ensure(s);
            try {
                FleetModels.publish(s, file);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage(), e);
            }
            cli.getOut().println("model " + file.getFileName() + " published to the fleet");
            return 0;
        }
    }
}
