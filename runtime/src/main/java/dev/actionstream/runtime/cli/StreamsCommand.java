package dev.actionstream.runtime.cli;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.cluster.ClusterSettings;
import dev.actionstream.runtime.cluster.ClusterTopics;
import dev.actionstream.runtime.cluster.StreamDirectory;
import dev.actionstream.runtime.source.SourceSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code streams add|rm|list --cluster HOST:PORT}: writes and reads the fleet's stream definitions (the compacted
 * streams topic). The node whose partition holds a stream opens it, stops it, or restarts it with its new definition.
 */
@Command(name = "streams", mixinStandardHelpOptions = true,
        description = "Defines the streams a fleet of 'serve --cluster' nodes shares out.",
        subcommands = {StreamsCommand.Add.class, StreamsCommand.Remove.class, StreamsCommand.ListStreams.class})
public final class StreamsCommand {

    /** What every subcommand takes. */
    static class ClusterOption {
        @Option(names = "--cluster", required = true, paramLabel = "HOST:PORT[,...]",
                description = "Kafka bootstrap servers of the fleet.")
        String bootstrap;

        ClusterSettings settings(CommandLine cli) {
            try {
                return ClusterSettings.client(bootstrap);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage(), e);
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Defines (or redefines) a stream; the node owning it starts serving it.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        ClusterOption cluster = new ClusterOption();
        @Parameters(index = "0", paramLabel = "NAME", description = "Stream name (letters, digits, '_', '.', '-').")
        String name;
        @Parameters(index = "1", paramLabel = "SOURCE", description = "As for serve --source: a camera, rtsp://, "
                + "http(s):// MJPEG, a video file (a path every node can read), synthetic[:WxH[@FPS]].")
        String source;
        @Option(names = "--stride", defaultValue = "1", paramLabel = "N",
                description = "Score every N-th window (default: ${DEFAULT-VALUE}).")
        int stride;
        @Option(names = "--loop", description = "Play a video file in a loop.")
        boolean loop;
        @Option(names = "--unpaced", description = "Read a video file as fast as it decodes.")
        boolean unpaced;

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            RuntimeConfig.Stream stream;
            try {
                stream = new RuntimeConfig.Stream(name, source, stride, loop, !unpaced);
                SourceSpec.parse(source);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage(), e);
            }
            ClusterSettings s = cluster.settings(cli);
            ClusterTopics.ensure(s);
            try (StreamDirectory d = new StreamDirectory(s)) {
                d.put(stream);
            }
            cli.getOut().println("stream " + name + " defined: " + SourceSpec.redacted(source));
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = "Deletes a stream; the node serving it stops.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        ClusterOption cluster = new ClusterOption();
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new CommandLine.ParameterException(cli, "not a stream name: " + name);
            }
            try (StreamDirectory d = new StreamDirectory(cluster.settings(cli))) {
                d.delete(name);
            }
            cli.getOut().println("stream " + name + " deleted");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the defined streams.")
    static final class ListStreams implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @CommandLine.Mixin
        ClusterOption cluster = new ClusterOption();

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            StreamDirectory.Listing l;
            try (StreamDirectory d = new StreamDirectory(cluster.settings(cli))) {
                l = d.list();
            }
            PrintWriter out = cli.getOut();
            for (RuntimeConfig.Stream s : l.streams()) {
                out.printf("%-24s %s stride %d%s%s%n", s.name(), SourceSpec.redacted(s.source()), s.stride(),
                        s.loop() ? " loop" : "", s.paced() ? "" : " unpaced");
            }
            for (Map.Entry<String, String> r : l.rejected().entrySet()) {
                out.printf("%-24s REJECTED: %s%n", r.getKey(), r.getValue());
            }
            out.flush();
            return 0;
        }
    }
}
