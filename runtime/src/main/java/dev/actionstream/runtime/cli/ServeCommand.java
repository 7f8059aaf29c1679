package dev.actionstream.runtime.cli;

import dev.actionstream.config.ConfigException;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.server.EventServer;
import dev.actionstream.runtime.status.ModelControl.ModelRejectedException;
import dev.actionstream.runtime.view.DesktopWindows;
import dev.actionstream.runtime.view.LiveView;
import dev.actionstream.runtime.view.ViewRoutes;
import org.bytedeco.ffmpeg.global.avutil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code serve}: runs the pipeline on one or more live sources and serves label events, the API and metrics on one
 * port until interrupted (Ctrl-C / SIGTERM shut it down gracefully: sources stop, windows in flight are scored,
 * sessions close, the server closes last so subscribers get the final events).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Scores live video with an exported model and publishes label events over WebSocket.")
public final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Exported .onnx model (for a split LRCN model, either half). Default: the newest model in "
                    + "the models directory.")
    private Path model;

    @Option(names = "--source", paramLabel = "[NAME=]SRC",
            description = "A live source, repeatable: /dev/videoN, rtsp://..., http(s)://... (MJPEG), a video file, "
                    + "lavfi:FILTER or synthetic[:WxH[@FPS]][?seed=N]. NAME= names the stream (default streamN).")
    private List<String> sources = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "Runtime configuration (YAML or JSON); "
            + "only the keys it sets change the defaults.")
    private Path configFile;

    @Option(names = "--port", paramLabel = "P", description = "Port for events, API and metrics (0 = any free port).")
    private Integer port;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to bind (default 127.0.0.1).")
    private String bind;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Watched directory for hot-swapped models.")
    private Path modelsDir;

    @Option(names = "--stride", paramLabel = "N", defaultValue = "1",
            description = "Score every N-th window of --source streams (default: ${DEFAULT-VALUE}).")
    private int stride;

    @Option(names = "--loop", description = "Play --source video files in a loop.")
    private boolean loop;

    @Option(names = "--unpaced", description = "Read --source video files as fast as they decode, not at their frame rate.")
    private boolean unpaced;

    @Option(names = "--execution-provider", paramLabel = "EP", description = "auto, cuda or cpu.")
    private String executionProvider;

    private final CountDownLatch started = new CountDownLatch(1);
    @Option(names = "--window", description = "Also show each stream with its labels in a desktop window "
            + "(needs a display; the browser view at / works without one).")
    private boolean window;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Pipeline pipeline;
    private volatile EventServer server;
    private volatile LiveView view;
    private volatile DesktopWindows windows;

    @Override
    public Integer call() throws Exception {
        RuntimeConfig config = config();
        Path first = model != null ? model : newestModel(Path.of(config.models().dir()));
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try {
            pipeline = new Pipeline(config, first);
        } catch (ModelRejectedException e) {
            spec.commandLine().getErr().println("model not usable: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(this::shutdown, "shutdown");
        try {
            view = new LiveView(config.streams().stream().map(RuntimeConfig.Stream::name).toList(),
                    pipeline.metrics().registry());
            view.start();
            server = pipeline.serve(view, view::labelsThen);
            new ViewRoutes(view).register(server.router());
        } catch (RuntimeException e) {
            shutdown();
            spec.commandLine().getErr().println("cannot start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(hook);
        // SIGTERM/SIGINT stop us like stop(): call() returns and the process exits 0 instead of 143 from a hook.
        StopSignals signals = StopSignals.install(this::shutdown);
        if (window) {
            try {
                windows = DesktopWindows.open(view);
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println(e.getMessage());
            }
        }
        spec.commandLine().getOut().printf("serving %d stream(s) with %s on http://%s:%d (live view: /, events: /ws, "
                        + "API: /api, metrics: /metrics); %s%n", config.streams().size(), pipeline.registry().active(),
                config.server().bind(), server.port(), pipeline.snapshot().executionProvider());
        spec.commandLine().getOut().flush();
        started.countDown();
        stopped.await();
        signals.restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook is what stopped us.
        }
        return 0;
    }

    /** Sources first, then the ring drains and sessions close, then the server (subscribers get the last events). */
    private synchronized void shutdown() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            if (windows != null) {
                windows.close();
            }
            if (pipeline != null) {
                pipeline.close();
            }
            if (view != null) {
                view.close();
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Defaults, overlaid by the config file, overlaid by the command line. */
    RuntimeConfig config() {
        try {
            RuntimeConfig c = configFile == null ? RuntimeConfig.defaults()
                    : ConfigLoader.load(configFile, RuntimeConfig.class, RuntimeConfig.defaults());
            RuntimeConfig.Server s = c.server();
            // The withers keep every other key the file set.
            if (bind != null) {
                s = s.withBind(bind);
            }
            if (port != null) {
                s = s.withPort(port);
            }
            List<RuntimeConfig.Stream> streams = new ArrayList<>(c.streams());
            for (String source : sources) {
                RuntimeConfig.Stream parsed = RuntimeConfig.Stream.parse(source, streams.size());
                streams.add(new RuntimeConfig.Stream(parsed.name(), parsed.source(), stride, loop, !unpaced));
            }
            RuntimeConfig.Models m = modelsDir == null ? c.models()
                    : new RuntimeConfig.Models(modelsDir.toString(), c.models().watch());
            RuntimeConfig.Scoring sc = executionProvider == null ? c.scoring()
                    : c.scoring().withExecutionProvider(executionProvider);
            RuntimeConfig merged = new RuntimeConfig(s, streams, c.pipeline(), sc, c.events(), m);
            if (merged.streams().isEmpty()) {
                throw new IllegalArgumentException("no streams: pass --source SRC or list streams in --config");
            }
            return merged;
        } catch (ConfigException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private Path newestModel(Path dir) {
        try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
            return files.filter(f -> f.getFileName().toString().endsWith(".onnx")
                            && !f.getFileName().toString().endsWith(".encoder.onnx"))
                    .max(Comparator.comparingLong(ServeCommand::modified))
                    .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
                            "no --model given and no .onnx model in " + dir.toAbsolutePath()));
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** Waits until {@link #call()} serves; the bound port, or -1 if it did not start in time. */
    int awaitPort(long millis) throws InterruptedException {
        return started.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS) ? server.port() : -1;
    }

    /** Stops a running {@link #call()} as the shutdown hook would (tests). */
    void stop() {
        shutdown();
    }
}
