package dev.actionstream.runtime.ring;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The multi-producer ring of {@link FrameSlot}s with its single consumer thread ({@code score-0}).
 *
 * <pre>
 *  grab-a ──┐ tryPublish (drop + count when full)
 *  grab-b ──┼──▶ [ ring: preallocated FrameSlots ] ──▶ score-0: EventHandler (windows → batch → ONNX → events)
 *  grab-c ──┘
 * </pre>
 *
 * <p>A blocking wait strategy: the consumer sleeps when there is nothing to score, leaving the cores to decoding
 * and inference (latency is dominated by inference, not by the wake-up).
 */
public final class FrameRing implements AutoCloseable {

    private final Disruptor<FrameSlot> disruptor;
    private final RingBuffer<FrameSlot> ring;
    private volatile boolean started;

    public FrameRing(int size, int initialFrameFloats, EventHandler<FrameSlot> consumer,
                     ExceptionHandler<FrameSlot> errors) {
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two, got " + size);
        }
        Objects.requireNonNull(consumer, "consumer");
        this.disruptor = new Disruptor<>(() -> new FrameSlot(initialFrameFloats), size,
                r -> {
                    Thread t = new Thread(r, "score-0");
                    t.setDaemon(true);
                    return t;
                },
                ProducerType.MULTI, new BlockingWaitStrategy());
        disruptor.handleEventsWith(consumer);
        disruptor.setDefaultExceptionHandler(Objects.requireNonNull(errors, "errors"));
        this.ring = disruptor.getRingBuffer();
    }

    public void start() {
        disruptor.start();
        started = true;
    }

    /** Claims a slot and fills it through {@code writer}; {@code false} (nothing written) when the ring is full. */
    public boolean tryPublish(FrameWriter writer) {
        return ring.tryPublishEvent(writer);
    }

    /** Highest sequence claimed by any producer so far. */
    public long cursor() {
        return ring.getCursor();
    }

    public int size() {
        return ring.getBufferSize();
    }

    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /** Waits until every published slot was consumed, then stops the consumer thread. */
    @Override
    public void close() {
        if (!started) {
            return;
        }
        started = false;
        try {
            disruptor.shutdown(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            disruptor.halt();
        }
    }
}
