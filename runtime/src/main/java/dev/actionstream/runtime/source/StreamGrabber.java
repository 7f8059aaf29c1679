package dev.actionstream.runtime.source;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.StreamStateEvent;
import dev.actionstream.runtime.events.StreamStateSink;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.ring.FrameRing;
import dev.actionstream.runtime.ring.FrameWriter;
import dev.actionstream.runtime.view.FrameTap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One stream's thread ({@code grab-<name>}): open, decode, publish into the ring, and keep going.
 *
 * <p>States: {@code starting} (first open), {@code running}, {@code reconnecting} (waiting out the backoff or
 * reopening), {@code stalled} (no frame for {@code pipeline.stallMillis}; reopened as soon as the read returns,
 * which FFmpeg's read timeouts bound), {@code ended} (a file reached its end), {@code failed} (cannot ever work,
 * e.g. a missing file), {@code stopped} (closed by us).
 *
 * <p>The ring never blocks this thread: when it is full, the frame is dropped and counted. Frame indices count every
 * decoded frame, dropped or not, across reconnects, so gaps in a window's frame indices show drops.
 */
public final class StreamGrabber implements FrameReceiver {

    private static final Logger LOG = LoggerFactory.getLogger(StreamGrabber.class);
    /** Consecutive decode errors after which the input is reopened rather than read further. */
    static final int MAX_CONSECUTIVE_ERRORS = 25;

    private final String name;
    private final SourceSpec spec;
    private final boolean loop;
    private final InputOpener opener;
    private final RuntimeConfig.Pipeline config;
    private final FrameRing ring;
    private final FrameWriter writer;
    private final RuntimeMetrics.StreamMeters meters;
    private final RuntimeMetrics metrics;
    private final FrameTap tap;
    private final StreamStateSink states;
    private final Thread thread;

    private volatile boolean stopping;
    private volatile boolean stallRequested;
    private volatile String state = "starting";
    private volatile String lastError = "";
    private volatile long framesIn;
    private volatile long framesDropped;
    private volatile long decodeErrors;
    private volatile long lastFrameNanos;
    private volatile double fps;
    private long previousFrameNanos;

    public StreamGrabber(String name, SourceSpec spec, boolean loop, InputOpener opener, RuntimeConfig.Pipeline config,
                         FrameRing ring, FrameWriter writer, RuntimeMetrics metrics, RuntimeMetrics.StreamMeters meters) {
        this(name, spec, loop, opener, config, ring, writer, metrics, meters, FrameTap.NONE);
    }

    /** @param tap where the live view sees decoded frames (asked per frame, copies only while someone watches) */
    public StreamGrabber(String name, SourceSpec spec, boolean loop, InputOpener opener, RuntimeConfig.Pipeline config,
                         FrameRing ring, FrameWriter writer, RuntimeMetrics metrics, RuntimeMetrics.StreamMeters meters,
                         FrameTap tap) {
        this(name, spec, loop, opener, config, ring, writer, metrics, meters, tap, StreamStateSink.NONE);
    }

    /** @param states told about every state change (WebSocket subscribers that asked for them) */
    public StreamGrabber(String name, SourceSpec spec, boolean loop, InputOpener opener, RuntimeConfig.Pipeline config,
                         FrameRing ring, FrameWriter writer, RuntimeMetrics metrics, RuntimeMetrics.StreamMeters meters,
                         FrameTap tap, StreamStateSink states) {
        this.states = Objects.requireNonNull(states, "states");
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.loop = loop;
        this.opener = Objects.requireNonNull(opener, "opener");
        this.config = Objects.requireNonNull(config, "config");
        this.ring = Objects.requireNonNull(ring, "ring");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.tap = Objects.requireNonNull(tap, "tap");
        this.thread = new Thread(this::run, "grab-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            loop();
        } catch (Throwable t) {
            // An Error (a native library that fails to load, a broken class path) ends the stream, visibly.
            lastError = t.toString();
            setState("failed");
            LOG.error("stream {} failed", name, t);
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(config.reconnectInitialMillis(), config.reconnectMaxMillis());
        boolean first = true;
        while (!stopping) {
            setState(first ? "starting" : "reconnecting");
            first = false;
            boolean reachedEnd;
            long framesBefore = framesIn;
            try (VideoInput input = opener.open()) {
                setState("running");
                lastFrameNanos = System.nanoTime();
                reachedEnd = pump(input, backoff);
                if (reachedEnd) {
                    countMissing(input.framesMissing());
                }
            } catch (IOException | RuntimeException e) {
                lastError = String.valueOf(e.getMessage());
                if (spec.kind() == SourceSpec.Kind.FILE && framesIn == 0) {
                    // A file that cannot be opened (missing, not a video) will not get better by retrying.
                    LOG.error("stream {}: {}", name, lastError);
                    setState("failed");
                    return;
                }
                LOG.warn("stream {}: {} (reconnecting)", name, lastError);
                reachedEnd = false;
            }
            if (stopping) {
                break;
            }
            if (reachedEnd && !spec.kind().live()) {
                if (loop && framesIn > framesBefore) {
                    continue;
                }
                if (loop) {
                    // Reopened at once, a file without a single decodable frame would spin a core for nothing.
                    lastError = "the file has no frame that can be decoded, nothing to loop";
                    LOG.error("stream {}: {}", name, lastError);
                    setState("failed");
                    return;
                }
                setState("ended");
                LOG.info("stream {} ended after {} frames", name, framesIn);
                return;
            }
            if (reachedEnd && !stallRequested) {
                // A live source that ends (a camera or server going away) says so only by ending.
                lastError = "the source ended the stream";
                LOG.warn("stream {}: {} (reconnecting)", name, lastError);
            }
            setState(stallRequested ? "stalled" : "reconnecting");
            stallRequested = false;
            sleep(backoff.nextDelayMillis());
        }
        setState("stopped");
    }

    /** Reads until the end, a stop, a stall or too many errors; true only at the input's real end. */
    private boolean pump(VideoInput input, Backoff backoff) {
        int consecutiveErrors = 0;
        boolean healthy = false;
        while (!stopping) {
            boolean got;
            try {
                got = input.next(this);
            } catch (IOException e) {
                decodeErrors++;
                meters.decodeErrors().increment();
                lastError = String.valueOf(e.getMessage());
                if (++consecutiveErrors >= MAX_CONSECUTIVE_ERRORS) {
                    LOG.warn("stream {}: {} decode errors in a row, reopening: {}", name, consecutiveErrors, lastError);
                    return false;
                }
                continue;
            }
            if (!got) {
                return true;
            }
            consecutiveErrors = 0;
            if (!healthy) {
                healthy = true;
                backoff.reset();
            }
            if (stallRequested) {
                return false;
            }
        }
        return false;
    }

    /** Frames a damaged file listed but never delivered count as decode errors: that is what happened to them. */
    private void countMissing(long missing) {
        if (missing > 0) {
            decodeErrors += missing;
            meters.decodeErrors().increment(missing);
            lastError = missing + " frame(s) listed in the file could not be decoded";
            LOG.warn("stream {}: {}", name, lastError);
        }
    }

    /** Called by the input with each decoded frame, on this thread. */
    @Override
    public void frame(ByteBuffer pixels, int width, int height, int rowStride, PixelFormat format) {
        long nanos = System.nanoTime();
        long epochMs = System.currentTimeMillis();
        long index = framesIn;
        framesIn = index + 1;
        meters.framesIn().increment();
        lastFrameNanos = nanos;
        if (previousFrameNanos != 0) {
            double instant = 1e9 / Math.max(1, nanos - previousFrameNanos);
            fps = fps == 0 ? instant : 0.9 * fps + 0.1 * instant;
        }
        previousFrameNanos = nanos;
        if ("stalled".equals(state)) {
            setState("running");
        }
        if (tap.wanted(name)) {
            tap.offer(name, index, epochMs, pixels, width, height, rowStride, format);
        }
        writer.set(pixels, width, height, rowStride, format, index, nanos, epochMs);
        if (ring.tryPublish(writer)) {
            metrics.prepareMicros().record(writer.lastPrepareNanos() / 1_000.0);
        } else {
            framesDropped++;
            meters.framesDropped().increment();
        }
    }

    /** Records a new state and reports a change; the grabber, the watchdog and stop() may race, hence the lock. */
    private void setState(String next) {
        String previous;
        synchronized (this) {
            previous = state;
            if (previous.equals(next)) {
                return;
            }
            state = next;
        }
        states.publish(StreamStateEvent.of(name, previous, next, lastError));
    }

    /**
     * Called periodically from the pipeline's watchdog: flags a running stream that delivered nothing for
     * {@code pipeline.stallMillis}, so it is reopened as soon as its read returns.
     */
    public void checkStall(long nowNanos) {
        if ("running".equals(state) && nowNanos - lastFrameNanos > TimeUnit.MILLISECONDS.toNanos(config.stallMillis())) {
            lastError = "no frame for " + config.stallMillis() + " ms";
            LOG.warn("stream {}: {}, reopening", name, lastError);
            setState("stalled");
            stallRequested = true;
        }
    }

    private void sleep(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        long left;
        while (!stopping && (left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    /** Asks the thread to stop without waiting; {@link #stop} then waits. Lets several streams stop in parallel. */
    public void requestStop() {
        stopping = true;
        LockSupport.unpark(thread);
    }

    /** Asks the thread to stop and waits for it (bounded by FFmpeg's read timeout). */
    public void stop(long waitMillis) {
        requestStop();
        try {
            thread.join(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive() && !"ended".equals(state) && !"failed".equals(state)) {
            setState("stopped");
        }
    }

    public boolean isAlive() {
        return thread.isAlive();
    }

    public String name() {
        return name;
    }

    public SourceSpec spec() {
        return spec;
    }

    public String state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    public long framesIn() {
        return framesIn;
    }

    public long framesDropped() {
        return framesDropped;
    }

    public long decodeErrors() {
        return decodeErrors;
    }

    /** Smoothed decode rate; 0 when the stream is not delivering. */
    public double fps() {
        return "running".equals(state) ? fps : 0;
    }
}
