package dev.actionstream.runtime.source;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.StreamStateEvent;
import dev.actionstream.runtime.events.StreamStateSink;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.ring.FrameRing;
import dev.actionstream.runtime.ring.FrameStamp;
import dev.actionstream.runtime.ring.FrameWriter;
import dev.actionstream.runtime.status.StreamState;
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
 * <p>Frames no window takes (those between the model's sampled frames, {@link FrameWriter#takes}) are skipped before
 * they are prepared and counted as skipped. The ring never blocks this thread: when it is full, the frame is dropped
 * and counted. Frame indices count every decoded frame, skipped, dropped or not, across reconnects.
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
    private volatile StreamState state = StreamState.STARTING;
    private volatile String lastError = "";
    /** Epoch ms of {@link #lastError}; 0 before the first error. */
    private volatile long lastErrorAtMillis;
    /** Why the stream is in its state now, in words; {@code null} while it runs fine. */
    private volatile String stateReason = "opening the source";
    /** Failed connections since the last good one: the "attempt N" of a reconnecting stream. */
    private int failedAttempts;
    private volatile long framesIn;
    private volatile long framesDropped;
    private volatile long framesSkipped;
    private volatile long decodeErrors;
    private volatile long lastFrameNanos;
    private volatile double fps;
    private long previousFrameNanos;
    /** The stamp of the frame being published; copied by the writer. */
    private final FrameStamp stamp = new FrameStamp();

    /** @param out where frames, counts, decoded frames for the live view and state changes go */
    public StreamGrabber(String name, SourceSpec spec, boolean loop, InputOpener opener, RuntimeConfig.Pipeline config,
                         GrabberOutputs out) {
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.loop = loop;
        this.opener = Objects.requireNonNull(opener, "opener");
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(out, "out");
        this.ring = out.ring();
        this.writer = out.writer();
        this.metrics = out.metrics();
        this.meters = out.meters();
        this.tap = out.tap();
        this.states = out.states();
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
            error(t.toString());
            setState(StreamState.FAILED, t.toString());
            LOG.error("stream {} failed", name, t);
        }
    }

    private void loop() {
        Backoff backoff = new Backoff(config.reconnectInitialMillis(), config.reconnectMaxMillis());
        boolean first = true;
        boolean looping = false;
        while (!stopping) {
            if (first) {
                setState(StreamState.STARTING, "opening the source");
            } else if (!looping) {
                setState(StreamState.RECONNECTING, lastError + " (attempt " + (failedAttempts + 1) + ", connecting now)");
            }
            first = false;
            looping = false;
            boolean reachedEnd;
            long framesBefore = framesIn;
            try (VideoInput input = opener.open()) {
                setState(StreamState.RUNNING, null);
                lastFrameNanos = System.nanoTime();
                reachedEnd = pump(input, backoff);
                if (reachedEnd) {
                    countMissing(input.framesMissing());
                }
            } catch (IOException | RuntimeException e) {
                error(String.valueOf(e.getMessage()));
                if (spec.kind() == SourceSpec.Kind.FILE && framesIn == 0) {
                    // A file that cannot be opened (missing, not a video) will not get better by retrying.
                    LOG.error("stream {}: {}", name, lastError);
                    setState(StreamState.FAILED, lastError);
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
                    looping = true; // a file that starts over is not reconnecting
                    continue;
                }
                if (loop) {
                    // Reopened at once, a file without a single decodable frame would spin a core for nothing.
                    error("the file has no frame that can be decoded, nothing to loop");
                    LOG.error("stream {}: {}", name, lastError);
                    setState(StreamState.FAILED, lastError);
                    return;
                }
                setState(StreamState.ENDED, "the file finished after " + framesIn + " frames. Start serve with --loop to replay it.");
                LOG.info("stream {} ended after {} frames", name, framesIn);
                return;
            }
            if (reachedEnd && !stallRequested) {
                // A live source that ends (a camera or server going away) says so only by ending.
                error("the source ended the stream");
                LOG.warn("stream {}: {} (reconnecting)", name, lastError);
            }
            long delay = backoff.nextDelayMillis();
            if (stallRequested) {
                setState(StreamState.STALLED, lastError + "; reopening");
            } else {
                failedAttempts++;
                setState(StreamState.RECONNECTING, lastError + " (attempt " + failedAttempts + ", next in "
                        + seconds(delay) + ")");
            }
            stallRequested = false;
            sleep(delay);
        }
        setState(StreamState.STOPPED, "stopped by the server");
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
                error(String.valueOf(e.getMessage()));
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
                failedAttempts = 0;
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
            error(missing + " frame(s) listed in the file could not be decoded");
            LOG.warn("stream {}: {}", name, lastError);
        }
    }

    /** Called by the input with each decoded frame, on this thread. */
    @Override
    public void frame(ByteBuffer pixels, int width, int height, int rowStride, PixelFormat format, long mediaMicros) {
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
        if (state == StreamState.STALLED) {
            setState(StreamState.RUNNING, null);
        }
        long media = mediaMicros == NO_MEDIA_TIME ? nanos / 1_000 : mediaMicros;
        if (!writer.takes(media)) {
            framesSkipped++;
            meters.framesSkipped().increment();
        } else {
            publish(pixels, width, height, rowStride, format, stamp.set(index, nanos, epochMs, media));
        }
        // After the ring: copies for the view, captures and shadow scoring never delay the frame being scored.
        if (tap.wanted(name)) {
            tap.offer(name, index, epochMs, media, pixels, width, height, rowStride, format);
        }
    }

    private void publish(ByteBuffer pixels, int width, int height, int rowStride, PixelFormat format, FrameStamp stamp) {
        writer.set(pixels, width, height, rowStride, format, stamp);
        long publishStart = System.nanoTime();
        if (ring.tryPublish(writer)) {
            long prepare = writer.lastPrepareNanos();
            metrics.prepareMicros().record(prepare / 1_000.0);
            metrics.ringMicros().record(Math.max(0, System.nanoTime() - publishStart - prepare) / 1_000.0);
        } else {
            framesDropped++;
            meters.framesDropped().increment();
        }
    }

    /**
     * Records a new state with why, in words ({@code null} when running fine), and reports a change: state events on
     * a change of state, the live view also on a new reason (the next reconnect attempt). The grabber, the watchdog
     * and stop() may race, hence the lock.
     */
    private void setState(StreamState next, String reason) {
        StreamState previous;
        synchronized (this) {
            previous = state;
            if (previous == next && Objects.equals(stateReason, reason)) {
                return;
            }
            state = next;
            stateReason = reason;
        }
        tap.state(name, next, reason);
        if (previous != next) {
            states.publish(StreamStateEvent.of(name, previous, next, lastError));
        }
    }

    /** Keeps the error and when it happened; it stays after the stream recovers, {@link #stateReason} does not. */
    private void error(String message) {
        lastError = message;
        lastErrorAtMillis = System.currentTimeMillis();
    }

    private static String seconds(long millis) {
        return millis < 1_000 ? millis + " ms" : Math.round(millis / 1000.0) + " s";
    }

    /**
     * Called periodically from the pipeline's watchdog: flags a running stream that delivered nothing for
     * {@code pipeline.stallMillis}, so it is reopened as soon as its read returns.
     */
    public void checkStall(long nowNanos) {
        if (state == StreamState.RUNNING && nowNanos - lastFrameNanos > TimeUnit.MILLISECONDS.toNanos(config.stallMillis())) {
            error("no frame for " + config.stallMillis() + " ms");
            LOG.warn("stream {}: {}, reopening", name, lastError);
            setState(StreamState.STALLED, lastError + "; reopening");
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
        if (!thread.isAlive() && state != StreamState.ENDED && state != StreamState.FAILED) {
            setState(StreamState.STOPPED, "stopped by the server");
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

    public StreamState state() {
        return state;
    }

    /** The last error, kept after the stream recovers; empty when there was none. */
    public String lastError() {
        return lastError;
    }

    /** Epoch ms of {@link #lastError()}, 0 when there was none. */
    public long lastErrorAtMillis() {
        return lastErrorAtMillis;
    }

    /** Why the stream is in its current state, in words; {@code null} while it runs fine. */
    public String stateReason() {
        return stateReason;
    }

    public long framesIn() {
        return framesIn;
    }

    public long framesDropped() {
        return framesDropped;
    }

    /** Frames no window takes, skipped before preparation. */
    public long framesSkipped() {
        return framesSkipped;
    }

    public long decodeErrors() {
        return decodeErrors;
    }

    /** Smoothed decode rate; 0 when the stream is not delivering. */
    public double fps() {
        return state == StreamState.RUNNING ? fps : 0;
    }
}
