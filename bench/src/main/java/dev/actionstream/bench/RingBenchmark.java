package dev.actionstream.bench;

import ai.onnxruntime.OrtEnvironment;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.ModelLoader;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.models.SessionFactory;
import dev.actionstream.runtime.ring.FrameRing;
import dev.actionstream.runtime.ring.FrameSlot;
import dev.actionstream.runtime.ring.FrameStamp;
import dev.actionstream.runtime.ring.FrameWriter;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publish → consume throughput of the runtime's own ring: {@link FrameRing} (multi-producer Disruptor, blocking wait
 * strategy, the serving default of 256 slots) with its {@link FrameSlot} events, filled by the grabbers' real
 * translator {@link FrameWriter}.
 *
 * <pre>
 *  JMH thread(s) ── FrameWriter: 64x64 BGR24 → planar floats in the slot ──tryPublish──▶ FrameRing
 *      ──▶ score-0: copies the slot's 64x64x3 floats into its stream's 20-frame window, marks the slot consumed
 * </pre>
 *
 * One operation is one frame published and consumed: each invocation publishes {@value #FRAMES_PER_INVOCATION}
 * frames (retrying, after {@link Thread#yield}, while the ring is full, and counting those retries) and returns
 * once the consumer has taken all of them. The source frame is already 64x64, so the translator's preparation is
 * the 1:1 byte → float planar conversion, no resize. Run with {@code -t 4} for four concurrent producers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RingBenchmark {

    static final int FRAMES_PER_INVOCATION = 1024;

    private ExportedNetwork exported;
    private ModelRegistry registry;
    private FrameRing ring;
    private WindowCopier consumer;
    private final AtomicInteger producers = new AtomicInteger();

    /** The scoring thread's minimum work per slot: copy the frame out into the stream's window. */
    static final class WindowCopier implements EventHandler<FrameSlot> {
        private final int frames;
        private final int frameSize;
        private final float[][] windows;
        private final AtomicLong consumed = new AtomicLong(-1);
        private final AtomicLong errors = new AtomicLong();

        WindowCopier(int streams, int frames, int frameSize) {
            this.frames = frames;
            this.frameSize = frameSize;
            this.windows = new float[streams][frames * frameSize];
        }

        @Override
        public void onEvent(FrameSlot slot, long sequence, boolean endOfBatch) {
            int at = (int) (slot.frameIndex() % frames) * frameSize;
            System.arraycopy(slot.data(), 0, windows[slot.streamIndex()], at, slot.length());
            consumed.setRelease(sequence);
        }

        long consumed() {
            return consumed.getAcquire();
        }

        float[] window(int stream) {
            return windows[stream];
        }
    }

    /** One producer: a grabber thread's translator and its source frame. */
    @State(Scope.Thread)
    public static class Producer {
        FrameWriter writer;
        ByteBuffer pixels;
        long frameIndex;
        final FrameStamp stamp = new FrameStamp();

        @Setup(Level.Trial)
        public void setUp(RingBenchmark bench) {
            int stream = bench.producers.getAndIncrement();
            if (stream >= MAX_PRODUCERS) {
                throw new IllegalStateException("at most " + MAX_PRODUCERS + " producer threads");
            }
            writer = new FrameWriter(stream, bench.registry);
            byte[] bgr = new byte[SeedsModels.SIZE * SeedsModels.SIZE * 3];
            new SplittableRandom(stream).nextBytes(bgr);
            pixels = ByteBuffer.allocateDirect(bgr.length).put(bgr).flip();
        }
    }

    /** Times the ring was found full; reported per second next to the throughput. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class FullRing {
        public long ringFull;

        @Setup(Level.Iteration)
        public void reset() {
            ringFull = 0;
        }
    }

    static final int MAX_PRODUCERS = 16;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try {
            open();
        } catch (Exception e) {
            // JMH does not tear down a trial whose setup failed: free what was opened, delete the export.
            tearDown();
            throw e;
        }
    }

    private void open() throws Exception {
        ModelSpec spec = SeedsModels.spec(Architecture.LRCN);
        exported = ExportedNetwork.build(SeedsModels.training(Architecture.LRCN), spec, false);
        SessionFactory sessions = new SessionFactory(OrtEnvironment.getEnvironment(),
                new RuntimeConfig.Scoring("cpu", 1, 1, 1, 1, 0));
        registry = new ModelRegistry(new ModelLoader(sessions), exported.dir(), new RuntimeMetrics());
        registry.loadAndActivate(exported.model());
        consumer = new WindowCopier(MAX_PRODUCERS, spec.framesPerWindow(), spec.frameSize());
        ring = new FrameRing(RuntimeConfig.Pipeline.defaults().ringSize(), spec.frameSize(), consumer, new Failures());
        registry.retireThrough(ring::cursor);
        ring.start();
    }

    @Benchmark
    @OperationsPerInvocation(FRAMES_PER_INVOCATION)
    public long publishAndConsume(Producer p, FullRing full) {
        for (int i = 0; i < FRAMES_PER_INVOCATION; i++) {
            long now = System.nanoTime();
            p.writer.set(p.pixels, SeedsModels.SIZE, SeedsModels.SIZE, SeedsModels.SIZE * 3, PixelFormat.BGR24,
                    p.stamp.set(p.frameIndex++, now, 0L));
            while (!ring.tryPublish(p.writer)) {
                full.ringFull++;
                Thread.yield();
            }
        }
        long published = ring.cursor();
        while (consumer.consumed() < published) {
            // Yield, not spin: with fewer cores than threads a spinning producer takes the consumer's core.
            Thread.yield();
        }
        return published;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (ring != null) {
            ring.close();
        }
        if (registry != null) {
            registry.closeAll();
        }
        if (exported != null) {
            exported.close();
        }
        if (consumer != null && consumer.errors.get() > 0) {
            throw new IllegalStateException(consumer.errors.get() + " frame(s) failed on the consumer");
        }
    }

    /** Consumer failures would make the throughput meaningless: count them and fail the trial. */
    private final class Failures implements ExceptionHandler<FrameSlot> {
        @Override
        public void handleEventException(Throwable ex, long sequence, FrameSlot event) {
            consumer.errors.incrementAndGet();
            ex.printStackTrace();
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            consumer.errors.incrementAndGet();
            ex.printStackTrace();
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            ex.printStackTrace();
        }
    }

    WindowCopier consumer() {
        return consumer;
    }

    FrameRing ring() {
        return ring;
    }
}
