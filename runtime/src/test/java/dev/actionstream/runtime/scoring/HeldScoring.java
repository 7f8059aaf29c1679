package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OrtEnvironment;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.FatalExceptionHandler;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.ring.FrameRing;
import dev.actionstream.runtime.ring.FrameSlot;
import dev.actionstream.runtime.ring.FrameWriter;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real scoring path (ring → {@link ScoringStage} → ONNX Runtime → sink) with a consumer that can be held on the
 * first frame: frames published meanwhile queue up in the ring and reach the stage as one Disruptor batch, so a test
 * decides exactly what arrives together. Retired models are tied to the ring's cursor, as in the pipeline.
 */
final class HeldScoring implements AutoCloseable {

    static final int FRAME_SIDE = 8;

    final RuntimeMetrics metrics = new RuntimeMetrics();
    final ModelRegistry models;
    final List<StreamScoring> streams = new ArrayList<>();
    final CollectingSink sink = new CollectingSink();
    final OnnxScorer scorer;
    final FrameRing ring;
    private final FrameWriter[] writers;
    private final ByteBuffer pixels = ByteBuffer.allocateDirect(FRAME_SIDE * FRAME_SIDE * 3);
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch go = new CountDownLatch(1);

    HeldScoring(Path modelsDir, Path model, List<String> streamNames, int maxBatch) throws Exception {
        this(modelsDir, model, streamNames, maxBatch, null);
    }

    /** @param unknownThreshold serve config's {@code events.unknownThreshold} ({@code null}: the model's) */
    HeldScoring(Path modelsDir, Path model, List<String> streamNames, int maxBatch, Double unknownThreshold)
            throws Exception {
        models = TestRuntime.registry(modelsDir, metrics);
        models.loadAndActivate(model);
        RuntimeConfig.Events events = RuntimeConfig.Events.unfiltered(3, TestRuntime.EVERY_WINDOW);
        for (String name : streamNames) {
            streams.add(new StreamScoring(name, 1, events, metrics.stream(name)));
        }
        scorer = new OnnxScorer(OrtEnvironment.getEnvironment(), maxBatch);
        ScoringStage stage = new ScoringStage(streams, scorer, models, sink, metrics, unknownThreshold);
        EventHandler<FrameSlot> gated = (slot, seq, end) -> {
            held.countDown();
            go.await();
            stage.onEvent(slot, seq, end);
        };
        @SuppressWarnings("unchecked")
        ExceptionHandler<FrameSlot> fatal = (ExceptionHandler<FrameSlot>) (ExceptionHandler<?>) new FatalExceptionHandler();
        ring = new FrameRing(64, 3 * FRAME_SIDE * FRAME_SIDE, gated, fatal);
        models.retireThrough(ring::cursor);
        writers = new FrameWriter[streamNames.size()];
        for (int s = 0; s < writers.length; s++) {
            writers[s] = new FrameWriter(s, models);
        }
        ring.start();
    }

    private final dev.actionstream.runtime.ring.FrameStamp stamp = new dev.actionstream.runtime.ring.FrameStamp();

    /** Publishes one solid {@code bgr} frame of {@code stream}; the first one published is held in the consumer. */
    void publish(int stream, long frame, byte[] bgr) throws InterruptedException {
        for (int p = 0; p < FRAME_SIDE * FRAME_SIDE; p++) {
            pixels.put(p * 3, bgr[0]).put(p * 3 + 1, bgr[1]).put(p * 3 + 2, bgr[2]);
        }
        writers[stream].set(pixels, FRAME_SIDE, FRAME_SIDE, FRAME_SIDE * 3, PixelFormat.BGR24,
                stamp.set(frame, System.nanoTime(), System.currentTimeMillis()));
        assertTrue(ring.tryPublish(writers[stream]), "the ring has room");
        assertTrue(held.await(10, TimeUnit.SECONDS), "the consumer took the first frame");
    }

    /** Lets the consumer go: everything published since the first frame arrives as one batch. */
    void release() {
        go.countDown();
    }

    @Override
    public void close() throws Exception {
        go.countDown();
        ring.close();
        scorer.close();
        models.closeAll();
    }
}
