package dev.actionstream.runtime.shadow;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.source.FrameTap;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The grabbers' side of shadow scoring: while a shadow runs on a stream, its frames that are due (one per the
 * candidate's frame interval) are copied into a free slot and queued for the {@code shadow} thread. There are
 * {@link #SLOTS} slots in all; with none free the frame is dropped and counted. A slot's buffer grows only when a
 * frame is larger than any before, so a running shadow allocates nothing per frame.
 */
public final class ShadowFrames implements FrameTap {

    static final int SLOTS = 8;

    /** One copied frame. */
    static final class Slot {
        ByteBuffer pixels = ByteBuffer.allocate(0);
        String stream;
        long frameIndex;
        long captureMillis;
        int width;
        int height;
        int rowStride;
        PixelFormat format;
    }

    private final BlockingQueue<Slot> free = new ArrayBlockingQueue<>(SLOTS);
    private final BlockingQueue<Slot> queued = new ArrayBlockingQueue<>(SLOTS);
    private final Map<String, Long> nextDueMillis = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Set<String> streams = Set.of();
    private volatile long intervalMillis;

    public ShadowFrames() {
        for (int i = 0; i < SLOTS; i++) {
            free.add(new Slot());
        }
    }

    /** Starts taking frames of {@code names}, one every {@code interval} ms at most (0: every frame). */
    void watch(Set<String> names, long interval) {
        nextDueMillis.clear();
        intervalMillis = interval;
        streams = Set.copyOf(names);
    }

    void stop() {
        streams = Set.of();
    }

    @Override
    public boolean wanted(String stream) {
        if (!streams.contains(stream)) {
            return false;
        }
        Long due = nextDueMillis.get(stream);
        return due == null || System.currentTimeMillis() >= due;
    }

    @Override
    public void offer(String stream, long frameIndex, long captureMillis, long mediaMicros, ByteBuffer pixels,
                      int width, int height, int rowStride, PixelFormat format) {
        // Three quarters of the interval: a frame that arrives a little early for its slot is still taken.
        nextDueMillis.put(stream, captureMillis + intervalMillis * 3 / 4);
        Slot s = free.poll();
        if (s == null) {
            dropped.incrementAndGet();
            return;
        }
        int bytes = rowStride * (height - 1) + width * format.bytesPerPixel();
        if (s.pixels.capacity() < bytes) {
            s.pixels = ByteBuffer.allocateDirect(bytes);
        }
        s.pixels.clear();
        ByteBuffer src = pixels.duplicate();
        src.position(0).limit(bytes);
        s.pixels.put(src).flip();
        s.stream = stream;
        s.frameIndex = frameIndex;
        s.captureMillis = captureMillis;
        s.width = width;
        s.height = height;
        s.rowStride = rowStride;
        s.format = format;
        queued.add(s);
    }

    /** The next copied frame, or null after {@code millis} without one. */
    Slot take(long millis) throws InterruptedException {
        return queued.poll(millis, TimeUnit.MILLISECONDS);
    }

    void release(Slot s) {
        free.add(s);
    }

    /** Frames not shadowed because every slot was busy (the shadow thread fell behind). */
    long dropped() {
        return dropped.get();
    }

    void resetDropped() {
        dropped.set(0);
    }
}
