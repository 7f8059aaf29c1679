package dev.actionstream.runtime.view;

import dev.actionstream.runtime.source.FrameTap;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.status.StreamState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view of every stream:
 * <pre>
 *  grab-&lt;s&gt; ──offer (if watched, ≤ maxFps)──▶ StreamView ◀── label ── OverlayLabelSink (scoring thread)
 *                                               │
 *            view-jpeg: copy ─▶ draw overlay ─▶ windows; JPEG ─▶ MJPEG clients (drop if slow)
 * </pre>
 * The grabber side ({@link FrameTap}) never blocks; all drawing and encoding happen on the one {@code view-jpeg}
 * thread, which sleeps while nobody watches.
 */
public final class LiveView implements FrameTap, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    /** How long the view thread sleeps when no frame is fresh; a tapped frame wakes it at once. */
    static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** A stream that sends no frames (failed, ended, reconnecting) is drawn again this often for its viewers. */
    static final long REDRAW_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The size of the blank frame that shows the state of a stream whose video never came. */
    static final int BLANK_WIDTH = 640;
    static final int BLANK_HEIGHT = 480;

    private final ViewSettings settings;
    /** Streams come and go while serving (a cluster node's assignment): both replaced under the lock, read freely. */
    private final Map<String, StreamView> streams = new ConcurrentHashMap<>();
    private volatile List<StreamView> ordered;
    private final Counter sent;
    private final Counter dropped;
    private final OverlayPainter painter = new OverlayPainter();
    private final Counter rendered;
    private final Counter errors;
    private final Timer encodeTimer;
    private final Thread thread;
    private final EventSink labelSink = new OverlayLabelSink(this);
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean running = true;
    private JpegEncoder jpeg;

    /**
     * @param streams the stream names, as in label events and {@code /streams/{name}/mjpeg}
     * @param registry where the view's counters go ({@code actionstream.view.*})
     */
    public LiveView(List<String> streams, ViewSettings settings, MeterRegistry registry) {
        Objects.requireNonNull(streams, "streams");
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(registry, "registry");
        this.sent = Counter.builder("actionstream.view.mjpeg.parts.sent")
                .description("MJPEG parts written to viewers").register(registry);
        this.dropped = Counter.builder("actionstream.view.mjpeg.parts.dropped")
                .description("MJPEG parts a slow viewer missed").register(registry);
        this.rendered = Counter.builder("actionstream.view.frames.rendered")
                .description("frames drawn with the overlay").register(registry);
        this.errors = Counter.builder("actionstream.view.errors")
                .description("frames the live view failed to draw or encode").register(registry);
        this.encodeTimer = Timer.builder("actionstream.view.jpeg.encode")
                .description("JPEG encoding of one overlaid frame").register(registry);
        Map<String, StreamView> byName = new LinkedHashMap<>();
        for (String name : streams) {
            if (byName.put(name, new StreamView(name, settings.periodNanos(),
                    new MjpegViewers(ByteBufAllocator.DEFAULT, sent, dropped))) != null) {
                throw new IllegalArgumentException("stream '" + name + "' named twice");
            }
        }
        this.streams.putAll(byName);
        this.ordered = List.copyOf(byName.values());
        Gauge.builder("actionstream.view.mjpeg.viewers", this,
                        view -> view.ordered.stream().mapToInt(v -> v.mjpeg().size()).sum())
                .description("connected MJPEG clients, all streams").register(registry);
        this.thread = new Thread(this::run, "view-jpeg");
        this.thread.setDaemon(true);
    }

    public LiveView(List<String> streams, MeterRegistry registry) {
        this(streams, ViewSettings.defaults(), registry);
    }

    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("live view already started");
        }
        jpeg = new JpegEncoder(settings.jpegQuality());
        thread.start();
    }

    /** Shows a stream that started being served after the view was built; a name already shown is kept. */
    public synchronized void addStream(String name) {
        if (streams.containsKey(name)) {
            return;
        }
        StreamView v = new StreamView(name, settings.periodNanos(), new MjpegViewers(ByteBufAllocator.DEFAULT, sent,
                dropped));
        List<StreamView> next = new java.util.ArrayList<>(ordered);
        next.add(v);
        streams.put(name, v);
        ordered = List.copyOf(next);
    }

    /** Stops showing a stream no longer served here; its MJPEG viewers are disconnected. */
    public synchronized void removeStream(String name) {
        StreamView v = streams.remove(name);
        if (v == null) {
            return;
        }
        List<StreamView> next = new java.util.ArrayList<>(ordered);
        next.remove(v);
        ordered = List.copyOf(next);
        v.mjpeg().closeAll();
    }

    /** Stream names in the order given. */
    public List<String> streamNames() {
        return ordered.stream().map(StreamView::name).toList();
    }

    @Override
    public boolean wanted(String stream) {
        StreamView v = streams.get(stream);
        return v != null && v.wanted(System.nanoTime());
    }

    @Override
    public void offer(String stream, long frameIndex, long captureMillis, long mediaMicros, ByteBuffer pixels,
                      int width, int height, int rowStride, PixelFormat format) {
        StreamView v = streams.get(stream);
        if (v != null && v.offer(frameIndex, captureMillis, pixels, width, height, rowStride, format)) {
            LockSupport.unpark(thread);
        }
    }

    /** The sink that keeps each stream's latest label event for the overlay; events of unknown streams are ignored. */
    public EventSink labelSink() {
        return labelSink;
    }

    @Override
    public void state(String stream, StreamState state, String reason) {
        StreamView v = streams.get(stream);
        if (v != null) {
            v.state(state, reason);
            LockSupport.unpark(thread);
        }
    }

    /** Tests watch what the overlay draws. */
    void observeOverlay(OverlayText observer) {
        painter.observe(observer);
    }

    void label(LabelEvent event) {
        StreamView v = streams.get(event.stream());
        if (v != null) {
            v.label(event);
        }
    }

    /** The latest label event of {@code stream} the view has seen, or {@code null}. */
    public LabelEvent latestLabel(String stream) {
        StreamView v = streams.get(stream);
        return v == null ? null : v.label();
    }

    StreamView stream(String name) {
        return streams.get(name);
    }

    /** Event loop: an MJPEG client whose response head is written. It leaves when its channel closes. */
    void addMjpegViewer(StreamView view, Channel channel) {
        view.watch();
        view.mjpeg().add(channel);
        channel.closeFuture().addListener(f -> {
            if (view.mjpeg().remove(channel)) {
                view.unwatch();
            }
        });
        LOG.debug("MJPEG viewer {} joined stream {}", channel.remoteAddress(), view.name());
    }

    /**
     * Shows every overlaid frame of {@code stream} to {@code listener} until the returned handle is run.
     *
     * @throws IllegalArgumentException for an unknown stream
     */
    public Runnable watch(String stream, OverlayListener listener) {
        StreamView v = streams.get(stream);
        if (v == null) {
            throw new IllegalArgumentException("no stream named '" + stream + "'; streams: " + streamNames());
        }
        Objects.requireNonNull(listener, "listener");
        v.listeners().add(listener);
        v.watch();
        AtomicBoolean once = new AtomicBoolean();
        return () -> {
            if (once.compareAndSet(false, true)) {
                v.listeners().remove(listener);
                v.unwatch();
            }
        };
    }

    /** Current MJPEG clients of {@code stream} (0 for unknown streams). */
    public int mjpegViewers(String stream) {
        StreamView v = streams.get(stream);
        return v == null ? 0 : v.mjpeg().size();
    }

    private void run() {
        long failures = 0;
        while (running) {
            boolean worked = false;
            for (StreamView v : ordered) {
                try {
                    worked |= render(v);
                } catch (RuntimeException e) {
                    errors.increment();
                    // One bad frame (or codec hiccup) must not end the view; a log line per 100 keeps logs readable.
                    if (failures++ % 100 == 0) {
                        LOG.error("live view of stream {} failed ({} failures so far)", v.name(), failures, e);
                    }
                }
            }
            if (!worked) {
                LockSupport.parkNanos(this, IDLE_PARK_NANOS);
            }
        }
    }

    private boolean render(StreamView v) {
        long now = System.nanoTime();
        if (!v.takeFrame()) {
            // Without new video the overlay is still the one place an MJPEG viewer learns the newest label and why
            // the video stopped: the last frame is drawn again with it.
            if (!v.redrawDue(now, REDRAW_IDLE_NANOS)) {
                return false;
            }
            v.restoreFrame(BLANK_WIDTH, BLANK_HEIGHT);
        }
        v.drawing(now);
        StreamState state = v.state();
        // The label is read once: the overlay draws exactly one event, the one the panel shows after it.
        LabelEvent label = v.label();
        double fps = state == null || state == StreamState.RUNNING ? v.fps() : 0;
        painter.paint(v.graphics(), v.canvas().getWidth(), v.canvas().getHeight(), v.name(), label, fps,
                v.canvasFrameIndex(), state, v.reason());
        rendered.increment();
        for (OverlayListener l : v.listeners()) {
            l.show(v.canvas());
        }
        if (!v.mjpeg().isEmpty()) {
            long t0 = System.nanoTime();
            jpeg.encode(v.wrappedCanvas());
            encodeTimer.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            v.mjpeg().send(jpeg.bytes(), jpeg.size());
        }
        return true;
    }

    /** Stops the view thread and closes MJPEG clients (windows are closed by whoever opened them). */
    @Override
    public void close() {
        running = false;
        if (started.get()) {
            LockSupport.unpark(thread);
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (StreamView v : ordered) {
            v.mjpeg().closeAll();
            v.releaseCanvas();
        }
        if (jpeg != null && !thread.isAlive()) {
            jpeg.close();
        }
    }
}
