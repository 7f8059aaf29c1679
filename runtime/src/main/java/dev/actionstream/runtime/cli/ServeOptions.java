package dev.actionstream.runtime.cli;

import dev.actionstream.config.ConfigException;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.ConfigOverlay;
import dev.actionstream.config.ModelFiles;
import dev.actionstream.config.RuntimeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The options of {@code serve}, shared as a picocli mixin with {@code demo}, which is {@code serve} with other
 * defaults for the model and the source. Merges defaults, the config file and the command line into one
 * {@link RuntimeConfig}.
 */
public final class ServeOptions {

    @Option(names = "--model", paramLabel = "FILE",
            description = "Exported .onnx model (for a split LRCN model, either half). Default: serve takes the newest "
                    + "model in the models directory; demo the shipped examples/models/lrcn-synthetic-live.onnx.")
    Path model;

    @Option(names = "--source", paramLabel = "[NAME=]SRC",
            description = "A live source, repeatable: /dev/videoN, rtsp://..., http(s)://... (MJPEG), a video file, "
                    + "lavfi:FILTER or synthetic[:WxH[@FPS]][?seed=N]. NAME= names the stream (default streamN). "
                    + "Default: the streams of --config; demo " + DemoCommand.SYNTHETIC + " when there are none.")
    List<String> sources = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Runtime configuration (YAML or JSON); "
            + "only the keys it sets change the defaults.")
    Path configFile;

    @Option(names = "--port", paramLabel = "PORT", description = "Port for the live view, events, API and metrics "
            + "(default: 8080, or server.port of --config; 0 = any free port).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to bind (default: 127.0.0.1, or server.bind of --config).")
    String bind;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Watched directory: a model copied into it is "
            + "loaded and swapped in; uploads are stored there (default: models, or models.dir of --config).")
    Path modelsDir;

    @Option(names = "--uploads", description = "Accept model uploads (POST /api/models, the live view's upload form); "
            + "off by default, or server.uploadsEnabled of --config.")
    boolean uploads;

    @Option(names = "--captures", description = "Keep each stream's recent frames and accept captures of them as "
            + "training clips (POST /api/captures, the live view's capture control); off by default, or "
            + "capture.enabled of --config.")
    boolean captures;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the history of action episodes (SQLite) "
            + "with a clip and a snapshot of each in DIR (GET /api/episodes, the live view's history); default: "
            + "none, or episodes.dataDir of --config.")
    Path dataDir;
    @Option(names = "--jobs-dir", paramLabel = "DIR", defaultValue = "jobs",
            description = "With captures on, training jobs (POST /api/jobs, the live view's Train panel) keep their "
                    + "logs, runs and candidate models here (default: ${DEFAULT-VALUE}).")
    Path jobsDir;

    @Option(names = "--watch-seconds", paramLabel = "S", defaultValue = "0",
            description = "After a promotion, watch the new model this long and roll it back when it answers "
                    + "uncertain or unknown too often (see --watch-max-uncertain); 0, the default, watches nothing.")
    double watchSeconds;

    @Option(names = "--watch-max-uncertain", paramLabel = "SHARE", defaultValue = "0.5",
            description = "With --watch-seconds: the share of uncertain or unknown label events (after 20) that "
                    + "rolls a promotion back (default: ${DEFAULT-VALUE}).")
    double watchMaxUncertain;

    @Option(names = "--stride", paramLabel = "N", defaultValue = "1",
            description = "Score every N-th window of --source streams (default: ${DEFAULT-VALUE}).")
    int stride;

    @Option(names = "--loop", description = "Play --source video files in a loop.")
    boolean loop;

    @Option(names = "--unpaced", description = "Read --source video files as fast as they decode, not at their frame rate.")
    boolean unpaced;

    @Option(names = "--execution-provider", paramLabel = "EP",
            description = "auto, cuda or cpu (default: auto, or scoring.executionProvider of --config): auto uses "
                    + "CUDA when its libraries are present, cuda fails without them.")
    String executionProvider;

    @Option(names = "--window", description = "Also show each stream with its labels in a desktop window "
            + "(needs a display; the browser view at / works without one).")
    boolean window;

    /**
     * Defaults, overlaid by the config file, overlaid by the command line; {@code fallbackSource} (or null) serves
     * when neither names a stream.
     *
     * @throws CommandLine.ParameterException for a bad config file or option, or when there is no stream at all
     */
    RuntimeConfig config(CommandLine cli, String fallbackSource) {
        return config(cli, fallbackSource, false);
    }

    /** {@link #config(CommandLine, String)}; with {@code streamsLater} (a cluster node) no stream is needed. */
    RuntimeConfig config(CommandLine cli, String fallbackSource, boolean streamsLater) {
        try {
            RuntimeConfig c = configFile == null ? RuntimeConfig.defaults()
                    : ConfigLoader.load(configFile, RuntimeConfig.class, RuntimeConfig.defaults());
            // Laid over the file like the file over the defaults: every other key keeps what the file set.
            ConfigOverlay options = new ConfigOverlay();
            if (bind != null) {
                options.set("server.bind", bind);
            }
            if (port != null) {
                options.set("server.port", port);
            }
            if (uploads) {
                options.set("server.uploadsEnabled", true);
            }
            if (captures) {
                options.set("capture.enabled", true);
            }
            if (dataDir != null) {
                options.set("episodes.dataDir", dataDir.toString());
            }
            if (modelsDir != null) {
                options.set("models.dir", modelsDir.toString());
            }
            if (executionProvider != null) {
                options.set("scoring.executionProvider", executionProvider);
            }
            c = options.applyTo(c);
            List<RuntimeConfig.Stream> streams = new ArrayList<>(c.streams());
            List<String> given = sources.isEmpty() && streams.isEmpty() && fallbackSource != null
                    ? List.of(fallbackSource) : sources;
            for (String source : given) {
                RuntimeConfig.Stream parsed = RuntimeConfig.Stream.parse(source, streams.size());
                streams.add(new RuntimeConfig.Stream(parsed.name(), parsed.source(), stride, loop, !unpaced));
            }
            RuntimeConfig merged = c.withStreams(streams);
            if (merged.streams().isEmpty() && !streamsLater) {
                throw new IllegalArgumentException("no streams: pass --source SRC or list streams in --config");
            }
            return merged;
        } catch (ConfigException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage(), e);
        }
    }

    /** {@code --model}, else {@code fallback}, else the newest full model in the models directory. */
    Path model(CommandLine cli, RuntimeConfig config, Path fallback) {
        if (model != null) {
            return model;
        }
        return fallback != null ? fallback : newestModel(cli, Path.of(config.models().dir()));
    }

    private static Path newestModel(CommandLine cli, Path dir) {
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            // A head loads its split model; an encoder alone does not.
            return files.filter(f -> ModelFiles.isOnnx(f.getFileName().toString())
                            && !ModelFiles.isEncoder(f.getFileName().toString()))
                    .max(Comparator.comparingLong(ServeOptions::modified))
                    .orElseThrow(() -> new CommandLine.ParameterException(cli,
                            "no --model given and no .onnx model in " + dir.toAbsolutePath()));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cli, "cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }
}
