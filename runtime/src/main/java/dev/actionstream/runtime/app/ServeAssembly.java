package dev.actionstream.runtime.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.SinkConfig;
import dev.actionstream.config.WebSocketSinkConfig;
import dev.actionstream.runtime.capture.CaptureRoutes;
import dev.actionstream.runtime.capture.CaptureTap;
import dev.actionstream.runtime.capture.ClipCapturer;
import dev.actionstream.runtime.events.EventRecord;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.events.EventType;
import dev.actionstream.runtime.events.EventSinks;
import dev.actionstream.runtime.episodes.ActionLabels;
import dev.actionstream.runtime.episodes.EpisodeClipRoutes;
import dev.actionstream.runtime.episodes.EpisodeClips;
import dev.actionstream.runtime.episodes.EpisodeHistory;
import dev.actionstream.runtime.episodes.EpisodeMetrics;
import dev.actionstream.runtime.episodes.EpisodeRoutes;
import dev.actionstream.runtime.episodes.EpisodeSink;
import dev.actionstream.runtime.episodes.EpisodeTracker;
import dev.actionstream.runtime.evaluation.HeldOutEvaluator;
import dev.actionstream.runtime.jobs.JobRoutes;
import dev.actionstream.runtime.jobs.JobRunner;
import dev.actionstream.runtime.jobs.JobSettings;
import dev.actionstream.runtime.jobs.TeachEvents;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.promotion.ModelHistory;
import dev.actionstream.runtime.promotion.AutoPromoter;
import dev.actionstream.runtime.promotion.PromotionPolicy;
import dev.actionstream.runtime.promotion.PromotionRoutes;
import dev.actionstream.runtime.promotion.PromotionWatch;
import dev.actionstream.runtime.promotion.Promotions;
import dev.actionstream.runtime.shadow.ShadowFrames;
import dev.actionstream.runtime.shadow.ShadowRoutes;
import dev.actionstream.runtime.shadow.ShadowScorer;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.server.EventServer;
import dev.actionstream.runtime.sink.BufferedSink;
import dev.actionstream.runtime.sink.SinkFactory;
import dev.actionstream.runtime.sink.SinkRoutes;
import dev.actionstream.runtime.source.FrameTap;
import dev.actionstream.runtime.source.FrameTaps;
import dev.actionstream.runtime.status.RuntimeStatus;
import dev.actionstream.runtime.view.LiveView;
import dev.actionstream.runtime.view.ViewRoutes;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the serving runtime, and is the only class that does:
 *
 * <pre>
 *  Pipeline ──labels, states──▶ EventSinks ──▶ live view overlay (when there is a view)
 *                                          ├─▶ config's sinks: in their order ({@link SinkFactory})
 *                                          │     websocket: WebSocket subscribers (EventServer, /ws)
 *                                          │     mqtt, kafka: BufferedSink ──sink-NAME thread──▶ broker
 *                                          ├─▶ PromotionWatch (withJobs) ──too uncertain──▶ Promotions rollback
 *                                          ├─▶ EpisodeTracker ──episodes──▶ /ws?episodes=true
 *                                          └─▶ any other sink, in the order added
 *  BufferedSinks ──GET /api/sinks (SinkRoutes)──▶ EventServer routes
 *  grabbers ──frames──▶ LiveView (FrameTap) ──MJPEG, page──▶ EventServer routes
 *           └─frames──▶ CaptureTap (capture.enabled or episode clips) ──pre-roll──▶ ClipCapturer ──/api/captures──▶ routes
 *                                                                               └─▶ EpisodeClips ──/api/episodes/{id}/clip.mp4
 *  EpisodeTracker ──ended──▶ EpisodeHistory (SQLite, episodes.dataDir) ──/api/episodes──▶ EventServer routes
 *  /api/jobs ──▶ JobRunner (withJobs) ──trainer, exporter processes──▶ HeldOutEvaluator (candidate vs serving)
 *                                     ──▶ candidates ──job events──▶ /ws?jobs=true
 *                                     └─new candidate──▶ AutoPromoter (teach.promotion) ──auto, passes──▶ Promotions
 *  /api/models/{key}/promote, /rollback ──▶ Promotions ──hot-swap──▶ ModelRegistry; history.json
 *  grabbers ──due frames (after the ring)──▶ ShadowFrames ──▶ ShadowScorer (candidate, /api/shadow)
 * </pre>
 *
 * A new delivery (a database, a webhook) is one {@link EventSink} (or a {@link dev.actionstream.runtime.sink.Transport}
 * behind a {@link dev.actionstream.runtime.sink.BufferedSink}) plus its {@code sinks:} entry type, built in
 * {@link SinkFactory}; a failing sink loses its own events only ({@link EventSinks}). {@link #close} stops the pipeline
 * first (windows in flight are scored and published), then closes the sinks, then the server (subscribers get the
 * last events before the goodbye), then the view.
 */
public final class ServeAssembly implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServeAssembly.class);

    private final RuntimeConfig config;
    private final Pipeline pipeline;
    private final LiveView view;
    private final List<EventSink> added = new ArrayList<>();
    private final List<java.util.function.Consumer<dev.actionstream.runtime.server.Router>> routes = new ArrayList<>();

    private EventServer server;
    private CaptureTap captureTap;
    private ClipCapturer capturer;
    private volatile EventSinks sinks;
    private EpisodeTracker episodes;
    private EpisodeHistory history;
    private EpisodeClips clips;
    private EpisodeClipRoutes clipRoutes;
    private JobSettings jobSettings;
    private PromotionWatch watch;
    private JobRunner jobs;
    private Promotions promotions;
    private final ShadowFrames shadowFrames = new ShadowFrames();
    private ShadowScorer shadow;
    private java.util.concurrent.ExecutorService jobApi;
    private boolean started;
    private boolean closed;

    /** The pipeline, events on {@code server.port} and the live view, as {@code serve} runs them. */
    public static ServeAssembly withLiveView(RuntimeConfig config, Path model) throws ModelRejectedException {
        Pipeline pipeline = new Pipeline(config, model);
        return new ServeAssembly(pipeline, new LiveView(
                config.streams().stream().map(RuntimeConfig.Stream::name).toList(), pipeline.metrics().registry()));
    }

    /**
     * Serves {@code pipeline} (not yet started) with {@code view}, or without a live view when {@code view} is null.
     * Both are owned by the assembly from here on: {@link #close} closes them.
     */
    public ServeAssembly(Pipeline pipeline, LiveView view) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.config = pipeline.config();
        this.view = view;
    }

    /** Serves {@code pipeline} without a live view (events, API, metrics only). */
    public ServeAssembly(Pipeline pipeline) {
        this(pipeline, null);
    }

    /** Adds a sink after those the config asks for; before {@link #start}. The assembly closes it. */
    public synchronized ServeAssembly withSink(EventSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (started) {
            throw new IllegalStateException("sinks are fixed once started");
        }
        added.add(sink);
        return this;
    }

    /** Adds routes to the server before it starts answering (so none of them is ever missing); before start. */
    public synchronized ServeAssembly withRoutes(java.util.function.Consumer<dev.actionstream.runtime.server.Router> r) {
        Objects.requireNonNull(r, "r");
        if (started) {
            throw new IllegalStateException("routes are added before start");
        }
        routes.add(r);
        return this;
    }

    /** Enables training jobs ({@code /api/jobs}) with these settings; before {@link #start}. */
    public synchronized ServeAssembly withJobs(JobSettings settings) {
        return withJobs(settings, PromotionWatch.Settings.off());
    }

    /** Enables training jobs, and watches each promotion as {@code watchSettings} say; before {@link #start}. */
    public synchronized ServeAssembly withJobs(JobSettings settings, PromotionWatch.Settings watchSettings) {
        if (started) {
            throw new IllegalStateException("jobs are enabled before start");
        }
        this.jobSettings = Objects.requireNonNull(settings, "settings");
        this.watch = new PromotionWatch(watchSettings);
        return this;
    }

    /** The serving model's current label of {@code stream} (null before its first window). */
    private String activeLabel(String stream) {
        for (var s : pipeline.scoring()) {
            if (s.name().equals(stream)) {
                return s.lastLabel();
            }
        }
        return null;
    }

    /** Promotion and rollback, or null when jobs are not enabled or before {@link #start}. */
    public synchronized Promotions promotions() {
        return promotions;
    }

    /** The job runner, or null when jobs are not enabled or before {@link #start}. */
    public synchronized JobRunner jobs() {
        return jobs;
    }

    /**
     * Starts the view, binds the server, then starts the pipeline publishing into every sink. On failure whatever
     * started is closed again before the exception leaves.
     *
     * @throws IllegalStateException when the port cannot be bound or the pipeline cannot start
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        started = true;
        try {
            if (view != null) {
                view.start();
            }
            RuntimeConfig.Episodes ep = config.episodes();
            boolean episodeClips = ep.hasHistory() && ep.clips();
            if (config.capture().enabled() || episodeClips) {
                captureTap = new CaptureTap(config.streams().stream().map(RuntimeConfig.Stream::name).toList(),
                        config.capture());
                captureTap.start();
            }
            if (config.capture().enabled()) {
                capturer = new ClipCapturer(captureTap, config.capture(), pipeline);
            }
            if (ep.hasHistory()) {
                history = EpisodeHistory.open(ep);
                EpisodeMetrics.bind(pipeline.metrics().registry(), history);
                if (episodeClips) {
                    CaptureTap tap = captureTap;
                    clips = new EpisodeClips(ep, tap::buffer);
                    clipRoutes = new EpisodeClipRoutes(clips, history,
                            config.capture().enabled() ? Path.of(config.capture().dir()) : null);
                    history.onDeleted(clips::delete);
                    EpisodeMetrics.bind(pipeline.metrics().registry(), clips);
                }
            }
            ClipCapturer c = capturer;
            RuntimeStatus.Source status = c == null ? pipeline : () -> pipeline.snapshot().withCapture(c.status());
            server = new EventServer(config.server(), status, pipeline, pipeline.metrics().registry());
            if (view != null) {
                new ViewRoutes(view).register(server.router());
            }
            (c == null ? CaptureRoutes.disabled() : CaptureRoutes.enabled(c)).register(server.router());
            new EpisodeRoutes(history, clips, clipRoutes).register(server.router());
            if (jobSettings != null) {
                EventServer s = server;
                jobs = new JobRunner(jobSettings.withKeepJobs(config.teach().keepJobs()), pipeline.registry(), new HeldOutEvaluator(config.pipeline()),
                        job -> s.publishJobEvent(TeachEvents.job(job)));
                jobApi = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0, java.util.concurrent.TimeUnit.SECONDS,
                        new java.util.concurrent.ArrayBlockingQueue<>(8), r -> {
                            Thread t = new Thread(r, "job-api");
                            t.setDaemon(true);
                            return t;
                        });
                new JobRoutes(jobs, jobApi).register(server.router());
                promotions = new Promotions(pipeline.registry(), jobs.candidates(), jobs.jobsDir(),
                        new ModelHistory(jobs.jobsDir().resolve("history.json")),
                        e -> s.publishJobEvent(TeachEvents.model(e.action(), e)), watch);
                watch.rollBackThrough(promotions);
                RuntimeConfig.Teach teach = config.teach();
                jobs.whenRegistered(new AutoPromoter(teach.promotion(), new PromotionPolicy(teach.maxClassDrop()),
                        promotions, pipeline.registry(), jobs.candidates(), jobs.jobsDir()));
                ShadowScorer sh = new ShadowScorer(shadowFrames, this::activeLabel,
                        config.events().confidenceThreshold(), config.events().unknownThreshold());
                shadow = sh;
                new PromotionRoutes(promotions, jobApi, key -> {
                    Map<String, Object> r = sh.report();
                    if (r != null && key.equals(r.get("candidate"))) {
                        sh.stop();
                        return Map.of("shadow", r);
                    }
                    return Map.of();
                }).register(server.router());
                new ShadowRoutes(sh, jobs.candidates(), pipeline.registry(), jobs.jobsDir(),
                        config.streams().stream().map(RuntimeConfig.Stream::name).toList(), jobApi)
                        .register(server.router());
                jobs.start();
            }
            routes.forEach(r -> r.accept(server.router()));
            server.start();
            sinks = new EventSinks(sinks());
            pipeline.start(sinks, FrameTaps.both(view == null ? FrameTap.NONE : view,
                    FrameTaps.both(captureTap == null ? FrameTap.NONE : captureTap,
                            shadow == null ? FrameTap.NONE : shadowFrames)));
        } catch (java.io.IOException e) {
            close();
            throw new java.io.UncheckedIOException("cannot open the jobs folder " + jobSettings.jobsDir() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Every delivery, in the order each event reaches them: the view first, so its overlay is never behind /ws. */
    private List<EventSink> sinks() {
        List<EventSink> all = new ArrayList<>();
        if (view != null) {
            all.add(view.labelSink());
        }
        SinkFactory factory = new SinkFactory(server.sink(),
                config.streams().stream().map(RuntimeConfig.Stream::name).toList(), pipeline.metrics().registry());
        List<EventSink> built = new ArrayList<>();
        try {
            for (SinkConfig c : config.sinks()) {
                built.add(factory.build(c));
            }
        } catch (RuntimeException e) {
            // Those built so far hold threads and connections.
            new EventSinks(built).close();
            throw e;
        }
        all.addAll(built);
        if (watch != null) {
            all.add(watch);
        }
        if (config.episodes().enabled()) {
            episodes = new EpisodeTracker(config.episodes(),
                    new ActionLabels(() -> pipeline.registry().active().spec().labels()), episodeSinks()).start();
            all.add(episodes);
        }
        all.addAll(added);
        boolean webSocket = config.sinks().stream().anyMatch(c -> c instanceof WebSocketSinkConfig);
        if (!webSocket) {
            LOG.info("sinks: no websocket entry in sinks:, so /ws delivers no events");
        }
        new SinkRoutes(webSocket, built.stream().filter(s -> s instanceof BufferedSink).map(s -> (BufferedSink) s)
                .toList()).register(server.router());
        LOG.info("sinks: {}", config.sinks().stream().map(Object::toString).toList());
        return all;
    }

    /**
     * Where episode events go: the WebSocket subscribers that asked for them, the broker sinks of {@code sinks:} and
     * added sinks (serialised once for all of them), the history, the clip writer.
     */
    private List<EpisodeSink> episodeSinks() {
        List<EpisodeSink> out = new ArrayList<>();
        out.add(server.episodeSink());
        // Through the fan-out, like label events: the broker sinks and added sinks take the record, a sink that
        // throws loses only its own copy. The fan-out exists by the time the tracker sends its first event.
        out.add(e -> {
            EventSinks fanOut = sinks;
            if (fanOut == null) {
                return;
            }
            String json;
            try {
                json = Json.MAPPER.writeValueAsString(e);
            } catch (JsonProcessingException x) {
                LOG.error("episode {} could not be written as JSON", e.episode().id(), x);
                return;
            }
            fanOut.onRecord(EventRecord.of(EventType.EPISODE, e.episode().stream(), json));
        });
        out.add(new EpisodeMetrics(pipeline.metrics().registry()));
        if (history != null) {
            out.add(history);
        }
        if (clips != null) {
            out.add(clips);
        }
        return out;
    }

    /**
     * Serves {@code stream} from now on, with the live view and capture buffer showing it; the other streams run on
     * undisturbed.
     *
     * @throws IllegalArgumentException when it is served already or its source is malformed
     * @throws dev.actionstream.runtime.pipeline.StreamSlotsFullException when {@code pipeline.maxStreams} are served
     */
    public void addStream(RuntimeConfig.Stream stream) {
        CaptureTap tap;
        synchronized (this) {
            tap = captureTap;
        }
        boolean shown = view != null && !view.streamNames().contains(stream.name());
        if (shown) {
            view.addStream(stream.name());
        }
        if (tap != null) {
            tap.addStream(stream.name());
        }
        try {
            pipeline.addStream(stream);
        } catch (RuntimeException e) {
            if (shown) {
                view.removeStream(stream.name());
            }
            throw e;
        }
    }

    /** Stops serving {@code name} (its windows in flight are scored first); false when it was not served. */
    public boolean removeStream(String name) {
        boolean removed = pipeline.removeStream(name);
        if (removed) {
            if (view != null) {
                view.removeStream(name);
            }
            CaptureTap tap;
            synchronized (this) {
                tap = captureTap;
            }
            if (tap != null) {
                tap.removeStream(name);
            }
        }
        return removed;
    }

    /** The episode history, or null without a data folder. */
    public synchronized EpisodeHistory history() {
        return history;
    }

    /** The clip writer, or null without clips. */
    public synchronized EpisodeClips clips() {
        return clips;
    }

    /** The episode tracker, or null when episodes are off or before {@link #start}. */
    public synchronized EpisodeTracker episodes() {
        return episodes;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** The running server, e.g. for its bound {@link EventServer#port()}; null before {@link #start}. */
    public synchronized EventServer server() {
        return server;
    }

    /** The live view, or null when serving without one. */
    public LiveView view() {
        return view;
    }

    /** Events the sinks failed on, all sinks together (0 before {@link #start}). */
    public synchronized long sinkFailures() {
        return sinks == null ? 0 : sinks.failures();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // A running trainer is stopped first: it must not outlive the server that started it.
        if (jobs != null) {
            jobs.close();
        }
        if (jobApi != null) {
            jobApi.shutdownNow();
        }
        if (shadow != null) {
            shadow.close();
        }
        try {
            pipeline.close();
        } finally {
            try {
                // Sinks added but never started (start failed early) hold resources too.
                (sinks != null ? sinks : new EventSinks(added)).close();
            } finally {
                try {
                    // The tracker has ended every open episode: store them, write their clips, then stop.
                    if (history != null) {
                        history.close();
                    }
                    if (clips != null) {
                        clips.close();
                    }
                    if (clipRoutes != null) {
                        clipRoutes.close();
                    }
                    if (server != null) {
                        server.close();
                    }
                } finally {
                    if (view != null) {
                        view.close();
                    }
                    if (capturer != null) {
                        capturer.close();
                    }
                    if (captureTap != null) {
                        captureTap.close();
                    }
                }
            }
        }
    }
}
