package dev.actionstream.tools.load;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.source.FrameReceiver;
import dev.actionstream.runtime.source.StreamGrabber;
import dev.actionstream.runtime.source.VideoInput;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * Replays a shared loop of BGR frames as an endless live input, paced like a camera (a reader late by more than
 * {@link #CATCH_UP_FRAMES} frames loses the rest, so an overloaded machine shows as a lower frame rate) or unpaced.
 * Unpaced, it backs off for a moment whenever the ring had no room. The buffers over the frames are made once, so
 * a replayed frame allocates nothing.
 */
final class ReplayInput implements VideoInput {

    /**
     * How many frames a late reader may catch up on, like the few buffers a camera driver or an RTSP client keeps:
     * a momentary hiccup loses nothing, a reader that stays behind loses frames (and shows a lower frame rate).
     */
    static final int CATCH_UP_FRAMES = 4;
    /**
     * Unpaced: how long to wait after the ring had no room for a frame. Without it a replay outruns any pipeline by
     * millions of dropped frames per second and burns a core the pipeline needs; with it, drops stay a few hundred
     * per second while the ring is full, and throughput shows as windows per second.
     */
    static final long FULL_RING_WAIT_NANOS = 1_000_000;

    private final ByteBuffer[] frames;
    private final int width;
    private final int height;
    private final long periodNanos;
    private int next;
    private long nextDueNanos;
    private long lastDropped;

    /** @param fps frames per second to pace to; 0 for as fast as the pipeline takes them */
    ReplayInput(byte[][] frames, int width, int height, int first, double fps) {
        this.frames = new ByteBuffer[frames.length];
        for (int i = 0; i < frames.length; i++) {
            this.frames[i] = ByteBuffer.wrap(frames[i]).asReadOnlyBuffer();
        }
        this.width = width;
        this.height = height;
        this.next = first;
        this.periodNanos = fps > 0 ? (long) (1e9 / fps) : 0;
    }

    @Override
    public boolean next(FrameReceiver receiver) {
        if (periodNanos > 0) {
            long now = System.nanoTime();
            if (nextDueNanos == 0) {
                nextDueNanos = now;
            }
            while (now < nextDueNanos) {
                LockSupport.parkNanos(nextDueNanos - now);
                now = System.nanoTime();
            }
            nextDueNanos = Math.max(nextDueNanos + periodNanos, now - CATCH_UP_FRAMES * periodNanos);
        }
        receiver.frame(frames[next], width, height, width * 3, PixelFormat.BGR24);
        next = next + 1 == frames.length ? 0 : next + 1;
        if (periodNanos == 0 && receiver instanceof StreamGrabber grabber) {
            long dropped = grabber.framesDropped();
            if (dropped != lastDropped) {
                lastDropped = dropped;
                LockSupport.parkNanos(FULL_RING_WAIT_NANOS);
            }
        }
        return true;
    }

    @Override
    public void close() {
        // The frames are shared with the other replayed streams.
    }
}
