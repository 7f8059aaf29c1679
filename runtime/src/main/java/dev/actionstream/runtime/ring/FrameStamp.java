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
 *  mediaMicros   the frame's presentation time on the source's own clock (a file's timestamps, the synthetic
 *                source's frame clock), or the capture time when the source has none; windows sample by it
 * </pre>
 *
 * <p>Not thread-safe: written by one thread and handed on through the ring, whose publication orders it.
 */
public final class FrameStamp {

    private long index;
    private long captureNanos;
    private long epochMillis;
    private long mediaMicros;

    /** Stamps a frame whose source has no clock of its own: its media time is its capture time. */
    public FrameStamp set(long index, long captureNanos, long epochMillis) {
        return set(index, captureNanos, epochMillis, captureNanos / 1_000);
    }

    /** Stamps this frame; returns this. */
    public FrameStamp set(long index, long captureNanos, long epochMillis, long mediaMicros) {
        this.index = index;
        this.captureNanos = captureNanos;
        this.epochMillis = epochMillis;
        this.mediaMicros = mediaMicros;
        return this;
    }

    /** Copies {@code other}'s values into this; returns this. */
    public FrameStamp copyFrom(FrameStamp other) {
        return set(other.index, other.captureNanos, other.epochMillis, other.mediaMicros);
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

    public long mediaMicros() {
        return mediaMicros;
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
