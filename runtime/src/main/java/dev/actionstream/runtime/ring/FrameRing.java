package dev.actionstream.runtime.ring;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
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

    /** How long {@link #close} lets the consumer drain the ring before halting it. */
    public static final long DRAIN_SECONDS = 10;
    /** How long {@link #close} then waits for the consumer thread to finish its last batch and end. */
    static final long HALT_WAIT_SECONDS = 30;

    private final Disruptor<FrameSlot> disruptor;
    private final RingBuffer<FrameSlot> ring;
    private volatile boolean started;
    private volatile Thread consumerThread;
    private final Gate gate;
    private final long drainMillis;
    private final long haltWaitMillis;

    public FrameRing(int size, int initialFrameFloats, EventHandler<FrameSlot> consumer,
                     ExceptionHandler<FrameSlot> errors) {
        this(size, initialFrameFloats, consumer, errors, TimeUnit.SECONDS.toMillis(DRAIN_SECONDS),
                TimeUnit.SECONDS.toMillis(HALT_WAIT_SECONDS));
    }

    /** With the shutdown budgets of {@link #close} in milliseconds (tests). */
    FrameRing(int size, int initialFrameFloats, EventHandler<FrameSlot> consumer, ExceptionHandler<FrameSlot> errors,
              long drainMillis, long haltWaitMillis) {
        this.drainMillis = drainMillis;
        this.haltWaitMillis = haltWaitMillis;
        if (size <= 0 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two, got " + size);
        }
        Objects.requireNonNull(consumer, "consumer");
        this.disruptor = new Disruptor<>(() -> new FrameSlot(initialFrameFloats), size,
                r -> {
                    Thread t = new Thread(r, "score-0");
                    t.setDaemon(true);
                    consumerThread = t;
                    return t;
                },
                ProducerType.MULTI, new BlockingWaitStrategy());
        this.gate = new Gate(consumer);
        disruptor.handleEventsWith(gate);
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

    /** Highest sequence the consumer has finished with (its whole batch scored and published). */
    public long consumed() {
        return ring.getMinimumGatingSequence();
    }

    public int size() {
        return ring.getBufferSize();
    }

    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /**
     * Waits until every published slot was consumed, then stops the consumer thread. When the ring cannot drain in
     * {@link #DRAIN_SECONDS} (a full ring behind a slow model) the rest is skipped. Either way this then waits up to
     * {@link #HALT_WAIT_SECONDS} for the thread to end (its last batch and {@code onShutdown} may still be scoring):
     * whoever closes the models after this must not pull them from under a running inference (see
     * {@link #consumerStopped()}).
     */
    @Override
    public void close() {
        if (!started) {
            return;
        }
        started = false;
        try {
            disruptor.shutdown(drainMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // halt() alone lets the consumer finish the batch it is in, which can be the whole ring.
            gate.open = false;
            disruptor.halt();
        }
        // Both ways only signal the consumer; its last batch and onShutdown may still be scoring.
        Thread t = consumerThread;
        if (t != null) {
            try {
                t.join(haltWaitMillis);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Whether the consumer thread is gone (or never ran), so nothing it used is in use any more. */
    public boolean consumerStopped() {
        Thread t = consumerThread;
        return t == null || !t.isAlive();
    }

    /** Passes events to the consumer until {@link #close} stops draining; then the rest of its batch is skipped. */
    private static final class Gate implements EventHandler<FrameSlot> {

        private final EventHandler<FrameSlot> consumer;
        private volatile boolean open = true;

        Gate(EventHandler<FrameSlot> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void onEvent(FrameSlot slot, long sequence, boolean endOfBatch) throws Exception {
            if (open) {
                consumer.onEvent(slot, sequence, endOfBatch);
            }
        }

        @Override
        public void onBatchStart(long batchSize, long queueDepth) {
            consumer.onBatchStart(batchSize, queueDepth);
        }

        @Override
        public void onStart() {
            consumer.onStart();
        }

        @Override
        public void onShutdown() {
            consumer.onShutdown();
        }

        @Override
        public void onTimeout(long sequence) throws Exception {
            consumer.onTimeout(sequence);
        }

        @Override
        public void setSequenceCallback(Sequence sequenceCallback) {
            consumer.setSequenceCallback(sequenceCallback);
        }
    }
}
