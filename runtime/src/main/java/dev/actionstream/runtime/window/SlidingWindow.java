package dev.actionstream.runtime.window;

import dev.actionstream.runtime.ring.FrameStamp;

import java.nio.FloatBuffer;

/**
 * The last {@code length} elements of one stream, in a preallocated ring of element buffers, plus the stride
 * schedule: after the window first fills, every {@code stride}-th element makes it {@link #ready()}.
 *
 * <p>Elements are copied in (the ring slot they came from is reused) and copied out oldest first into a batch
 * buffer when scored, so the model always sees frames in capture order.
 */
public final class SlidingWindow {

    private final int length;
    private final int elementSize;
    private final int stride;
    private final float[][] elements;
    /** The stamp of the element in the same slot of {@link #elements}. */
    private final FrameStamp[] stamps;
    private int next;
    private long count;
    private long sinceFull;

    public SlidingWindow(int length, int elementSize, int stride) {
        if (length <= 0 || elementSize <= 0 || stride <= 0) {
            throw new IllegalArgumentException("window length, element size and stride must be > 0, got "
                    + length + ", " + elementSize + ", " + stride);
        }
        this.length = length;
        this.elementSize = elementSize;
        this.stride = stride;
        this.elements = new float[length][elementSize];
        this.stamps = FrameStamp.array(length);
    }

    /**
     * A window of {@code length} over the same elements, keeping the newest of {@code old} (as many as fit), so a
     * swap to a model with another window length loses no frame already seen.
     */
    public static SlidingWindow resized(SlidingWindow old, int length, int stride) {
        SlidingWindow w = new SlidingWindow(length, old.elementSize, stride);
        int keep = (int) Math.min(old.size(), length);
        for (int i = keep; i >= 1; i--) {
            int src = old.slot(old.count - i);
            w.push(old.elements[src], 0, old.stamps[src]);
        }
        w.sinceFull = 0;
        return w;
    }

    /** Appends one element (copies {@code elementSize} floats from {@code src[offset]}, and its stamp). */
    public void push(float[] src, int offset, FrameStamp stamp) {
        System.arraycopy(src, offset, elements[next], 0, elementSize);
        record(stamp);
    }

    private void record(FrameStamp stamp) {
        stamps[next].copyFrom(stamp);
        next = next + 1 == length ? 0 : next + 1;
        count++;
        if (count >= length) {
            sinceFull++;
        }
    }

    /**
     * Whether the element just pushed completes a window to score: the first full window, then every
     * {@code stride}-th element after it.
     */
    public boolean ready() {
        return sinceFull > 0 && (sinceFull - 1) % stride == 0;
    }

    /** Appends one element from a buffer ({@code elementSize} floats from absolute index {@code offset}). */
    public void push(FloatBuffer src, int offset, FrameStamp stamp) {
        src.get(offset, elements[next], 0, elementSize);
        record(stamp);
    }

    /** Copies the window, oldest element first, into {@code dst} at absolute float index {@code offset}. */
    public void copyTo(FloatBuffer dst, int offset) {
        int pos = offset;
        for (int i = 0; i < length; i++) {
            dst.put(pos, elements[slot(count - length + i)], 0, elementSize);
            pos += elementSize;
        }
    }

    private int slot(long position) {
        // position counts elements since the start; the element written at `position` sits in slot position % length.
        return (int) (position % length);
    }

    private long size() {
        return Math.min(count, length);
    }

    public int length() {
        return length;
    }

    public int elementSize() {
        return elementSize;
    }

    public int stride() {
        return stride;
    }

    /** Elements pushed since this window was created. */
    public long count() {
        return count;
    }

    public long oldestFrame() {
        return stamps[slot(count - size())].index();
    }

    /** The newest element's stamp; valid until the next push, copy what must be kept. */
    public FrameStamp newest() {
        return stamps[slot(count - 1)];
    }

    public long newestFrame() {
        return newest().index();
    }

    public long newestCaptureEpochMs() {
        return newest().epochMillis();
    }
}
