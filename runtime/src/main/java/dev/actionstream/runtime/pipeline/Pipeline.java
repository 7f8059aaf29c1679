package dev.actionstream.runtime.pipeline;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import com.lmax.disruptor.ExceptionHandler;
import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.events.StreamStateSink;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelBounds;
import dev.actionstream.runtime.models.ModelDirectoryWatcher;
import dev.actionstream.runtime.models.ModelLoader;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.models.SessionFactory;
import dev.actionstream.runtime.ring.FrameRing;
import dev.actionstream.runtime.ring.FrameSlot;
import dev.actionstream.runtime.ring.FrameWriter;
import dev.actionstream.runtime.scoring.OnnxScorer;
import dev.actionstream.runtime.scoring.ScoringStage;
import dev.actionstream.runtime.scoring.StreamScoring;
import dev.actionstream.runtime.source.FrameTap;
import dev.actionstream.runtime.source.GrabberOutputs;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.source.SourceSpec;
import dev.actionstream.runtime.source.StreamGrabber;
import dev.actionstream.runtime.models.ModelControl;
import dev.actionstream.runtime.models.ModelInfo;
import dev.actionstream.runtime.status.RuntimeStatus;
import dev.actionstream.runtime.status.StreamStatus;
import dev.actionstream.config.OnnxContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Assembles and runs the runtime:
 *
 * <pre>
 *  grab-&lt;s&gt; (decode → prepare) ──tryPublish──▶ FrameRing ──▶ score-0: ScoringStage
 *                                                   windows → batch → OnnxScorer → PostProcessor → EventSink
 *  model-watcher / API ──▶ ModelRegistry (load, validate, warm up; swap = one reference) ◀── read per frame / batch
 *  watchdog ──▶ stall checks
 * </pre>
 *
 * Construction loads and validates the first model (so a bad {@code --model} fails before anything starts);
 * {@link #start} starts the threads publishing into one {@link EventSink} (several: {@code EventSinks}); how events
 * travel on from there is not the pipeline's business. {@link #close} stops sources first, lets the scoring thread
 * finish what is in the ring and closes sessions; the sink stays open for its owner to close after.
 */
public final class Pipeline implements RuntimeStatus.Source, ModelControl, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    /** Quiet time before a file in the models directory is considered for loading. */
    static final long WATCH_DEBOUNCE_MILLIS = 200;

    private final RuntimeConfig config;
    private final RuntimeMetrics metrics;
    private final SourceOpener opener;
    private final OrtEnvironment env;
    private final SessionFactory sessions;
    private final ModelRegistry registry;
    private final long startedNanos = System.nanoTime();
    private final AtomicLong consumerErrors = new AtomicLong();

    /** Set once by {@link #start}; read without locking by status requests. */
    private volatile List<StreamGrabber> grabbers = List.of();
    private volatile List<StreamScoring> scoring = List.of();
    private FrameRing ring;
    private OnnxScorer scorer;
    private ScoringStage stage;
    private ModelDirectoryWatcher watcher;
    private ScheduledExecutorService watchdog;
    private boolean started;
    private boolean closed;

    /**
     * Loads {@code model} (or, when {@code null}, needs a later {@link #install}/directory model before start).
     *
     * @throws ModelRejectedException when the model is unusable; nothing is left running
     */
    public Pipeline(RuntimeConfig config, Path model, RuntimeMetrics metrics, SourceOpener opener)
            throws ModelRejectedException {
        this.config = Objects.requireNonNull(config, "config");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "actionstream");
        this.sessions = new SessionFactory(env, config.scoring());
        this.registry = new ModelRegistry(new ModelLoader(sessions, ModelBounds.of(config)), Path.of(config.models().dir()), metrics);
        // Here rather than on the first grabber's first frame, which would hold every stream up meanwhile.
        FramePreparer.loadNativeCode();
        if (model != null) {
            registry.loadAndActivate(model);
        }
    }

    public Pipeline(RuntimeConfig config, Path model) throws ModelRejectedException {
        this(config, model, new RuntimeMetrics(), SourceOpener.standard(config.pipeline()));
    }

    /**
     * Starts sources, the scoring thread, the models-directory watcher and the stall watchdog. Label events go to
     * {@code sink} on the scoring thread, state changes on grabber threads; the caller keeps owning {@code sink}.
     */
    public synchronized void start(EventSink sink) {
        start(sink, FrameTap.NONE);
    }

    /** {@link #start(EventSink)}, with grabbers showing decoded frames to {@code tap} (the live view). */
    public synchronized void start(EventSink sink, FrameTap tap) {
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(tap, "tap");
        if (started || closed) {
            throw new IllegalStateException(closed ? "pipeline is closed" : "pipeline already started");
        }
        LoadedModel first = registry.active();
        if (first == null) {
            throw new IllegalStateException("no model loaded: pass --model or put a model into " + registry.dir());
        }
        if (!first.scoresUnknown()) {
            LOG.info("{} gives no {} (exported before it existed, or without a calibration): it will never call a "
                    + "window unknown{}; re-export it with a calibration for that", first.key(), OnnxContract.OOD_SCORE,
                    config.events().unknownThreshold() == null ? "" : ", and events.unknownThreshold is ignored");
        }
        if (config.streams().isEmpty()) {
            throw new IllegalStateException("no streams: pass --source or list streams in the config file");
        }
        List<SourceSpec> specs = new ArrayList<>();
        for (RuntimeConfig.Stream s : config.streams()) {
            try {
                specs.add(SourceSpec.parse(s.source()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("stream '" + s.name() + "': " + e.getMessage(), e);
            }
        }
        List<StreamScoring> scoring = new ArrayList<>();
        for (RuntimeConfig.Stream s : config.streams()) {
            scoring.add(new StreamScoring(s.name(), s.stride(), config.events(), metrics.stream(s.name())));
        }
        scorer = new OnnxScorer(env, config.scoring().maxBatch(),
                config.scoring().parallelRunsOn(Runtime.getRuntime().availableProcessors()));
        stage = new ScoringStage(scoring, scorer, registry, sink, metrics, config.events().unknownThreshold());
        ring = new FrameRing(config.pipeline().ringSize(), first.spec().frameSize(), stage, new ConsumerErrors());
        registry.retireThrough(ring::cursor);
        StreamStateSink states = sink::onStreamState;
        List<StreamGrabber> grabbers = new ArrayList<>();
        for (int i = 0; i < config.streams().size(); i++) {
            RuntimeConfig.Stream s = config.streams().get(i);
            SourceSpec spec = specs.get(i);
            grabbers.add(new StreamGrabber(s.name(), spec, s.loop(), () -> opener.open(spec, s), config.pipeline(),
                    new GrabberOutputs(ring, new FrameWriter(i, registry), metrics, metrics.stream(s.name()), tap,
                            states)));
        }
        this.scoring = List.copyOf(scoring);
        this.grabbers = List.copyOf(grabbers);
        ring.start();
        grabbers.forEach(StreamGrabber::start);
        if (config.models().watch()) {
            try {
                watcher = new ModelDirectoryWatcher(registry, registry.dir(), WATCH_DEBOUNCE_MILLIS,
                        config.models().settleMillis());
                watcher.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch models directory " + registry.dir() + ": "
                        + ModelDirectoryWatcher.reason(e), e);
            }
        }
        long period = Math.max(50, config.pipeline().stallMillis() / 4);
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watchdog");
            t.setDaemon(true);
            return t;
        });
        List<StreamGrabber> watched = this.grabbers;
        watchdog.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            watched.forEach(g -> g.checkStall(now));
        }, period, period, TimeUnit.MILLISECONDS);
        started = true;
        LOG.info("pipeline started: {} stream(s), model {}, ring {}, max batch {} in up to {} parallel runs",
                grabbers.size(), first, ring.size(), config.scoring().maxBatch(), scorer.parallelRuns());
    }

    /** Errors thrown on the scoring thread: logged and counted, the stream of frames goes on. */
    private final class ConsumerErrors implements ExceptionHandler<FrameSlot> {
        @Override
        public void handleEventException(Throwable ex, long sequence, FrameSlot event) {
            if (consumerErrors.getAndIncrement() % 100 == 0) {
                LOG.error("scoring failed on frame {} of stream {} ({} errors so far)", event.frameIndex(),
                        event.streamIndex(), consumerErrors.get(), ex);
            }
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            LOG.error("scoring thread failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            LOG.error("scoring thread failed while stopping", ex);
        }
    }

    @Override
    public RuntimeStatus snapshot() {
        List<StreamStatus> streams = new ArrayList<>();
        List<StreamGrabber> grabbers = this.grabbers;
        List<StreamScoring> scoring = this.scoring;
        for (int i = 0; i < grabbers.size(); i++) {
            StreamGrabber g = grabbers.get(i);
            StreamScoring s = scoring.get(i);
            streams.add(new StreamStatus(g.name(), SourceSpec.redacted(config.streams().get(i).source()), g.state(), g.fps(),
                    g.framesIn(), g.framesDropped(), g.decodeErrors(), s.windowsScored(),
                    config.streams().get(i).stride(), s.lastLabel(), s.lastConfidence(), g.lastError(),
                    g.stateReason(), g.lastErrorAtMillis() == 0 ? null
                    : Instant.ofEpochMilli(g.lastErrorAtMillis()).toString(), effectiveWindow(s, g.fps())));
        }
        LoadedModel active = registry.active();
        return new RuntimeStatus(streams, active == null ? null : active.info(true),
                active == null ? "" : active.executionProvider(), registry.swaps(), registry.recentErrors(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }

    /** Measured once windows are scored; before that the model's interval, or the stream's frame step. */
    private static StreamStatus.Window effectiveWindow(StreamScoring s, double fps) {
        LoadedModel model = s.model();
        if (model == null || s.windowLength() == 0) {
            return null;
        }
        double interval = s.windowIntervalSeconds();
        if (interval <= 0) {
            long nominal = model.spec().frameIntervalMicros();
            interval = nominal > 0 ? Math.max(nominal / 1e6, fps > 0 ? 1 / fps : 0) : fps > 0 ? 1 / fps : 0;
        }
        return StreamStatus.Window.of(s.windowLength(), interval);
    }

    @Override
    public List<ModelInfo> models() {
        return registry.models();
    }

    @Override
    public ModelInfo install(String fileName, Path uploaded) throws ModelRejectedException {
        return registry.install(fileName, uploaded);
    }

    @Override
    public ModelInfo activate(String name) throws ModelRejectedException {
        return registry.activate(name);
    }

    /** The configuration it was built with; what an assembly builds the rest of the runtime from. */
    public RuntimeConfig config() {
        return config;
    }

    public ModelRegistry registry() {
        return registry;
    }

    public RuntimeMetrics metrics() {
        return metrics;
    }

    /** Per-stream scoring state, in stream order (empty before {@link #start}). */
    public List<StreamScoring> scoring() {
        return scoring;
    }

    public List<StreamGrabber> grabbers() {
        return grabbers;
    }

    public long consumerErrors() {
        return consumerErrors.get();
    }

    /** Stops sources, drains the ring (windows in flight are scored and published), closes sessions. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (watcher != null) {
            watcher.close();
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        long wait = config.pipeline().readTimeoutMillis() + 1_000L;
        grabbers.forEach(StreamGrabber::requestStop);
        grabbers.forEach(g -> g.stop(wait));
        if (ring != null) {
            ring.close();
        }
        if (ring != null && !ring.consumerStopped()) {
            // Freeing sessions under a running inference crashes the JVM; the process is ending anyway.
            LOG.error("scoring thread still busy after shutdown: leaving its ONNX Runtime sessions open");
        } else {
            if (scorer != null) {
                scorer.close();
            }
            registry.closeAll();
        }
        LOG.info("pipeline closed");
    }
}
