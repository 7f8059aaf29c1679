package dev.actionstream.runtime.cli;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.jobs.JobSettings;
import dev.actionstream.runtime.jobs.TrainerCommands;
import dev.actionstream.runtime.promotion.PromotionWatch;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.view.DesktopWindows;
import org.bytedeco.ffmpeg.global.avutil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.actionstream.runtime.cluster.ClusterNode;
import dev.actionstream.runtime.cluster.ClusterSettings;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

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

    @Mixin
    private ServeOptions options = new ServeOptions();

    @Option(names = "--cluster", paramLabel = "HOST:PORT[,...]", description = "Join the fleet on these Kafka "
            + "brokers: serve the streams the group assigns this node (defined with 'actionstream streams add'), "
            + "publish events to the " + ClusterSettings.EVENTS_TOPIC + " topic.")
    private String cluster;

    @Option(names = "--node-id", paramLabel = "ID", description = "This node's name in events and the fleet status "
            + "(default: the host name; nodes sharing a host need their own).")
    private String nodeId;

    @Option(names = "--session-timeout-ms", paramLabel = "MS", defaultValue = "10000", description = "With "
            + "--cluster: how long the group waits for a silent node before its streams go to others (Kafka's "
            + "session.timeout.ms; failover after a crash takes about this long; default: ${DEFAULT-VALUE}).")
    private long sessionTimeoutMillis;

    private volatile ClusterNode clusterNode;

    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile ServeAssembly assembly;
    private volatile DesktopWindows windows;

    @Override
    public Integer call() throws Exception {
        ClusterSettings clusterSettings = null;
        if (cluster != null) {
            try {
                clusterSettings = ClusterSettings.of(cluster, nodeId, sessionTimeoutMillis);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        } else if (nodeId != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--node-id needs --cluster");
        }
        return run(options, spec.commandLine(), null, null, clusterSettings);
    }

    int run(ServeOptions options, CommandLine cli, Path fallbackModel, String fallbackSource) throws Exception {
        return run(options, cli, fallbackModel, fallbackSource, null);
    }

    /**
     * Serves until stopped. {@code fallbackModel} and {@code fallbackSource} (or null) stand in for {@code --model}
     * and {@code --source} when neither the options nor the config file name one: how {@code demo} differs.
     */
    private int run(ServeOptions options, CommandLine cli, Path fallbackModel, String fallbackSource,
                    ClusterSettings clusterSettings) throws Exception {
        PrintWriter err = cli.getErr();
        RuntimeConfig config = options.config(cli, fallbackSource, clusterSettings != null);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Map<String, String> unusable;
        try {
            unusable = FileSourceCheck.unusable(config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage(), e);
        }
        unusable.forEach((name, why) -> err.println("stream " + name + " cannot serve: " + why));
        if (unusable.size() == config.streams().size() && clusterSettings == null) {
            err.println("nothing to serve: every stream is a video file that is missing or not a video "
                    + "(files are not retried; cameras and network sources are)");
            err.flush();
            return 1;
        }
        Path first = options.model(cli, config, fallbackModel);
        try {
            assembly = ServeAssembly.withLiveView(config, first);
        } catch (ModelRejectedException e) {
            err.println("model not usable, nothing to serve: " + e.getMessage());
            err.flush();
            return 1;
        }
        PromotionWatch.Settings watch;
        try {
            watch = new PromotionWatch.Settings(options.watchSeconds, options.watchMaxUncertain, 20);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage(), e);
        }
        if (config.capture().enabled()) {
            // Captured clips are what jobs train on: with captures on, the live view can teach.
            Path home = Path.of(System.getProperty("actionstream.home", "."));
            assembly.withJobs(JobSettings.defaults(options.jobsDir, Path.of(config.capture().dir()),
                    List.of(Path.of(config.models().dir(), "runs"), home.resolve("examples/models/runs"),
                            Path.of("runs")), TrainerCommands.launcher(home)),
                    watch);
        }
        Thread hook = new Thread(this::shutdown, "shutdown");
        Pipeline pipeline = assembly.pipeline();
        try {
            if (clusterSettings != null) {
                clusterNode = ClusterNode.prepare(clusterSettings, assembly);
            }
            assembly.start();
            if (clusterNode != null) {
                clusterNode.start();
            }
        } catch (RuntimeException e) {
            shutdown();
            err.println("cannot start: " + e.getMessage());
            err.flush();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(hook);
        // SIGTERM/SIGINT stop us like stop(): call() returns and the process exits 0 instead of 143 from a hook.
        StopSignals signals = StopSignals.install(this::shutdown);
        if (options.window) {
            try {
                windows = DesktopWindows.open(assembly.view());
            } catch (IllegalStateException e) {
                err.println(e.getMessage());
            }
        }
        int serving = config.streams().size() - unusable.size();
        String watching = config.models().watch()
                ? "new models copied into " + pipeline.registry().dir().toAbsolutePath().normalize() + " swap in"
                : "models directory not watched";
        cli.getOut().printf("serving %s with %s on http://%s:%d (live view: /, events: /ws, API: /api, metrics: "
                        + "/metrics); %s; %s%n",
                unusable.isEmpty() ? serving + " stream(s)" : serving + " of " + config.streams().size() + " streams",
                pipeline.registry().active(), config.server().bind(), assembly.server().port(),
                pipeline.snapshot().executionProvider(), watching);
        if (clusterSettings != null) {
            cli.getOut().printf("node %s in the fleet on %s: streams as the group assigns them (session timeout %d "
                    + "ms), events to %s%n", clusterSettings.nodeId(), clusterSettings.bootstrap(),
                    clusterSettings.sessionTimeoutMillis(), clusterSettings.eventsTopic());
        }
        cli.getOut().flush();
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

    /** Windows first, then the assembly: sources, the ring drains, sinks, the server (after the last events), view. */
    private synchronized void shutdown() {
        if (stopped.getCount() == 0) {
            return;
        }
        try {
            if (windows != null) {
                windows.close();
            }
            // The node leaves the group first: its streams stop here and the others take them over at once.
            if (clusterNode != null) {
                clusterNode.close();
            }
            if (assembly != null) {
                assembly.close();
            }
        } finally {
            stopped.countDown();
        }
    }

    /** Waits until {@link #call()} serves; the bound port, or -1 if it did not start in time. */
    int awaitPort(long millis) throws InterruptedException {
        return started.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS) ? assembly.server().port() : -1;
    }

    /** Stops a running {@link #call()} as the shutdown hook would (tests). */
    void stop() {
        shutdown();
    }
}
