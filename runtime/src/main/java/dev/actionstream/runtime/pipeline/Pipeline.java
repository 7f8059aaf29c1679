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
import java.util.concurrent.locks.LockSupport;

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

    /** The streams served now, in the order they came; replaced whole (under the lock), read without locking. */
    private volatile List<Served> served = List.of();
    /** Which stream slots (a frame's stream index) are taken; guarded by this. */
    private final boolean[] slotTaken;
    private boolean acceptsStreamsLater;
    private EventSink sink;
    private FrameTap tap;
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
        this.slotTaken = new boolean[config.pipeline().maxStreams()];
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
        if (config.streams().isEmpty() && !acceptsStreamsLater) {
            throw new IllegalStateException("no streams: pass --source or list streams in the config file");
        }
        if (config.streams().size() > slotTaken.length) {
            throw new IllegalArgumentException(config.streams().size() + " streams listed but pipeline.maxStreams is "
                    + slotTaken.length + ": raise it");
        }
        List<SourceSpec> specs = new ArrayList<>();
        for (RuntimeConfig.Stream s : config.streams()) {
            specs.add(spec(s));
        }
        scorer = new OnnxScorer(env, config.scoring().maxBatch(),
                config.scoring().parallelRunsOn(Runtime.getRuntime().availableProcessors()));
        stage = new ScoringStage(slotTaken.length, scorer, registry, sink, metrics, config.events().unknownThreshold());
        ring = new FrameRing(config.pipeline().ringSize(), first.spec().frameSize(), stage, new ConsumerErrors());
        registry.retireThrough(ring::cursor);
        this.sink = sink;
        this.tap = tap;
        List<Served> opened = new ArrayList<>();
        for (int i = 0; i < config.streams().size(); i++) {
            opened.add(open(config.streams().get(i), specs.get(i)));
        }
        this.served = List.copyOf(opened);
        ring.start();
        opened.forEach(o -> o.grabber().start());
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
        watchdog.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            for (Served o : served) {
                o.grabber().checkStall(now);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        started = true;
        LOG.info("pipeline started: {} stream(s) of at most {}, model {}, ring {}, max batch {} in up to {} parallel "
                + "runs", opened.size(), slotTaken.length, first, ring.size(), config.scoring().maxBatch(), scorer.parallelRuns());
    }

    /**
     * Lets {@link #start} begin with no streams: they come later through {@link #addStream} (a cluster node's
     * assignment). Before start.
     */
    public synchronized Pipeline acceptStreamsLater() {
        acceptsStreamsLater = true;
        return this;
    }

    private static SourceSpec spec(RuntimeConfig.Stream s) {
        try {
            return SourceSpec.parse(s.source());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stream '" + s.name() + "': " + e.getMessage(), e);
        }
    }

    /** Takes a free slot and builds the stream's scoring state and grabber (not started). Under the lock. */
    private Served open(RuntimeConfig.Stream s, SourceSpec spec) {
        int slot = -1;
        for (int i = 0; i < slotTaken.length && slot < 0; i++) {
            if (!slotTaken[i]) {
                slot = i;
            }
        }
        if (slot < 0) {
            throw new StreamSlotsFullException("cannot serve stream '" + s.name() + "': all " + slotTaken.length
                    + " stream slots are in use (pipeline.maxStreams)");
        }
        RuntimeMetrics.StreamMeters meters = metrics.stream(s.name());
        StreamScoring scoring = new StreamScoring(s.name(), s.stride(), config.events(), meters);
        StreamGrabber grabber = new StreamGrabber(s.name(), spec, s.loop(), () -> opener.open(spec, s),
                config.pipeline(), new GrabberOutputs(ring, new FrameWriter(slot, registry), metrics, meters, tap,
                sink::onStreamState));
        stage.open(slot, scoring);
        slotTaken[slot] = true;
        return new Served(slot, s, grabber, scoring, meters);
    }

    /**
     * Starts serving {@code stream} while the others run on undisturbed (their grabbers, windows and event sequences
     * are not touched).
     *
     * @throws IllegalArgumentException  when a stream of that name is served already, or its source is malformed
     * @throws StreamSlotsFullException  when every slot ({@code pipeline.maxStreams}) is taken
     */
    public synchronized void addStream(RuntimeConfig.Stream stream) {
        Objects.requireNonNull(stream, "stream");
        if (!started || closed) {
            throw new IllegalStateException(closed ? "pipeline is closed" : "pipeline not started");
        }
        if (served(stream.name()) != null) {
            throw new IllegalArgumentException("stream '" + stream.name() + "' is served already");
        }
        Served o = open(stream, spec(stream));
        List<Served> next = new ArrayList<>(served);
        next.add(o);
        served = List.copyOf(next);
        o.grabber().start();
        LOG.info("stream {} added (slot {}, {} of {} slots in use)", stream.name(), o.slot(), next.size(),
                slotTaken.length);
    }

    /**
     * Stops serving {@code name}: its grabber stops (state {@code stopped}), the frames it already published are
     * scored, then its slot is freed for another stream.
     *
     * @return whether the stream was served
     */
    public synchronized boolean removeStream(String name) {
        Served o = served(name);
        if (o == null || closed) {
            return false;
        }
        o.grabber().stop(config.pipeline().readTimeoutMillis() + 1_000L);
        List<Served> next = new ArrayList<>(served);
        next.remove(o);
        served = List.copyOf(next);
        // The slot's last frames may still be in the ring: the slot is reused only once the consumer passed them.
        long last = ring.cursor();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FrameRing.DRAIN_SECONDS);
        while (ring.consumed() < last && !ring.consumerStopped() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
        if (ring.consumed() < last) {
            // Never reused: a late frame scored into another stream's window would be worse than a lost slot.
            LOG.error("stream {} removed but the ring did not pass its last frame: slot {} stays taken", name,
                    o.slot());
        } else {
            stage.close(o.slot());
            slotTaken[o.slot()] = false;
        }
        metrics.forget(o.meters());
        LOG.info("stream {} removed ({} of {} slots in use)", name, next.size(), slotTaken.length);
        return true;
    }

    private Served served(String name) {
        for (Served o : served) {
            if (o.stream().name().equals(name)) {
                return o;
            }
        }
        return null;
    }

    /** Names of the streams served now. */
    public List<String> streamNames() {
        return served.stream().map(o -> o.stream().name()).toList();
    }

    /** Stream slots ({@code pipeline.maxStreams}). */
    public int maxStreams() {
        return slotTaken.length;
    }

    /** One served stream: its slot (the stream index frames carry), definition, grabber, scoring state, meters. */
    private record Served(int slot, RuntimeConfig.Stream stream, StreamGrabber grabber, StreamScoring scoring,
                          RuntimeMetrics.StreamMeters meters) {
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
        for (Served o : served) {
            StreamGrabber g = o.grabber();
            StreamScoring s = o.scoring();
            streams.add(new StreamStatus(g.name(), SourceSpec.redacted(o.stream().source()), g.state(), g.fps(),
                    g.framesIn(), g.framesDropped(), g.decodeErrors(), s.windowsScored(),
                    o.stream().stride(), s.lastLabel(), s.lastConfidence(), g.lastError(),
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

    /** Per-stream scoring state of the streams served now, in the order they came (empty before {@link #start}). */
    public List<StreamScoring> scoring() {
        return served.stream().map(Served::scoring).toList();
    }

    public List<StreamGrabber> grabbers() {
        return served.stream().map(Served::grabber).toList();
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
        List<Served> all = served;
        all.forEach(o -> o.grabber().requestStop());
        all.forEach(o -> o.grabber().stop(wait));
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
