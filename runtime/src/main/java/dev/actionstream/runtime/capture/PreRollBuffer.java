package dev.actionstream.runtime.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * One stream's recent frames as JPEG, in a byte store allocated once: frames are appended one after the other and
 * wrap to the start when the end is reached, and the oldest frames whose bytes a new one needs, or that are older
 * than {@code maxAgeMillis}, are dropped. Memory is the store plus a fixed index, whatever the stream does.
 *
 * <p>Threads: {@code capture-jpeg} appends; the event loop reads the span and the {@code capture-writer} copies
 * frames out. All under this object's lock, each holding it for one copy.
 */
public final class PreRollBuffer {

    /** Index entries: more frames than this (a very high frame rate with tiny JPEGs) drop the oldest early. */
    static final int MAX_FRAMES = 8192;

    private final String stream;
    private final byte[] store;
    private final long maxAgeMillis;
    private final int[] offsets = new int[MAX_FRAMES];
    private final int[] lengths = new int[MAX_FRAMES];
    private final long[] indices = new long[MAX_FRAMES];
    private final long[] times = new long[MAX_FRAMES];
    private final long[] media = new long[MAX_FRAMES];
    /** Entry of the oldest frame, and how many there are. */
    private int first;
    private int count;
    /** Where the next frame's bytes go. */
    private int writePos;
    private long bytesHeld;
    private long tooBig;

    public PreRollBuffer(String stream, int capacityBytes, long maxAgeMillis) {
        if (capacityBytes <= 0 || maxAgeMillis <= 0) {
            throw new IllegalArgumentException("capacity and age must be > 0");
        }
        this.stream = stream;
        this.store = new byte[capacityBytes];
        this.maxAgeMillis = maxAgeMillis;
    }

    /** Appends a frame; {@code jpeg[0..length)} is copied. A frame bigger than the whole store is not kept. */
    public synchronized void append(byte[] jpeg, int length, long frameIndex, long captureMillis,
                                    long mediaMicros) {
        if (length > store.length) {
            tooBig++;
            return;
        }
        boolean wrap = writePos + length > store.length;
        int pos = wrap ? 0 : writePos;
        // Wrapping leaves the previous lap's tail behind: those frames are the oldest and go first.
        while (wrap && count > 0 && offsets[first] >= writePos) {
            dropOldest();
        }
        while (count > 0 && (overlaps(first, pos, length) || count == MAX_FRAMES)) {
            dropOldest();
        }
        while (count > 0 && captureMillis - times[first] > maxAgeMillis) {
            dropOldest();
        }
        System.arraycopy(jpeg, 0, store, pos, length);
        int e = (first + count) % MAX_FRAMES;
        offsets[e] = pos;
        lengths[e] = length;
        indices[e] = frameIndex;
        times[e] = captureMillis;
        media[e] = mediaMicros;
        count++;
        bytesHeld += length;
        writePos = pos + length;
    }

    private boolean overlaps(int entry, int pos, int length) {
        int o = offsets[entry];
        return o < pos + length && pos < o + lengths[entry];
    }

    private void dropOldest() {
        bytesHeld -= lengths[first];
        first = (first + 1) % MAX_FRAMES;
        count--;
    }

    /** Copies out the frames captured within {@code [fromMillis, toMillis]}, oldest first. */
    public synchronized List<StoredFrame> copy(long fromMillis, long toMillis) {
        return copyWhere(times, fromMillis, toMillis);
    }

    /** Copies out frames {@code firstIndex..lastIndex} (inclusive) that are still held, oldest first. */
    public synchronized List<StoredFrame> copyFrames(long firstIndex, long lastIndex) {
        return copyWhere(indices, firstIndex, lastIndex);
    }

    /** The held frames whose {@code key} (capture time or frame index) lies in {@code [from, to]}, oldest first. */
    private List<StoredFrame> copyWhere(long[] key, long from, long to) {
        List<StoredFrame> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int e = (first + i) % MAX_FRAMES;
            if (key[e] >= from && key[e] <= to) {
                byte[] bytes = new byte[lengths[e]];
                System.arraycopy(store, offsets[e], bytes, 0, lengths[e]);
                out.add(new StoredFrame(bytes, indices[e], times[e], media[e]));
            }
        }
        return out;
    }

    /** What is held now; {@code dropped} is filled in by whoever counts drops before the buffer. */
    public synchronized BufferSpan span(long dropped) {
        if (count == 0) {
            return new BufferSpan(stream, 0, 0, 0, 0, 0, 0, store.length, dropped + tooBig);
        }
        int last = (first + count - 1) % MAX_FRAMES;
        return new BufferSpan(stream, count, indices[first], indices[last], times[first], times[last], bytesHeld,
                store.length, dropped + tooBig);
    }
}
