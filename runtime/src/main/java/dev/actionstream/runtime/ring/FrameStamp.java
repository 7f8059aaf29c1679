package dev.actionstream.runtime.ring;

/**
 * Where and when one frame was captured: its index in its stream and the capture instant on both clocks. Mutable
 * and copied by value, so each holder (the grabber, a ring slot, a window element, a batch position) keeps one
 * preallocated instance and stamps travel without an allocation per frame.
 *
 * <pre>
 *  field         meaning
 *  index         frames decoded by the stream since it started, 0-based, no gaps
 *  captureNanos  System.nanoTime() when the frame was decoded (for latency)
 *  epochMillis   wall clock of the same instant (reported in events)
 * </pre>
 *
 * <p>Not thread-safe: written by one thread and handed on through the ring, whose publication orders it.
 */
public final class FrameStamp {

    private long index;
    private long captureNanos;
    private long epochMillis;

    /** Stamps this frame; returns this. */
    public FrameStamp set(long index, long captureNanos, long epochMillis) {
        this.index = index;
        this.captureNanos = captureNanos;
        this.epochMillis = epochMillis;
        return this;
    }

    /** Copies {@code other}'s values into this; returns this. */
    public FrameStamp copyFrom(FrameStamp other) {
        return set(other.index, other.captureNanos, other.epochMillis);
    }

    public long index() {
        return index;
    }

    public long captureNanos() {
        return captureNanos;
    }

    public long epochMillis() {
        return epochMillis;
    }

    /** A preallocated array of {@code n} stamps. */
    public static FrameStamp[] array(int n) {
        FrameStamp[] stamps = new FrameStamp[n];
        for (int i = 0; i < n; i++) {
            stamps[i] = new FrameStamp();
        }
        return stamps;
    }

    @Override
    public String toString() {
        return "frame " + index + " at " + epochMillis;
    }
}
