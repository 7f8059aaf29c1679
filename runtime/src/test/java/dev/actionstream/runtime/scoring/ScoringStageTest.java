package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OrtEnvironment;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.FatalExceptionHandler;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.ring.FrameRing;
import dev.actionstream.runtime.ring.FrameSlot;
import dev.actionstream.runtime.ring.FrameStamp;
import dev.actionstream.runtime.ring.FrameWriter;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.ColourInput;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoringStageTest {

    @TempDir
    Path dir;

    /** Publishes 2 frames each of a blue, a green and a red stream while the consumer is held, then lets it go. */
    private List<LabelEvent> scoreHeldFrames(Path model, RuntimeMetrics metrics, List<StreamScoring> streams)
            throws Exception {
        ModelRegistry models = TestRuntime.registry(dir, metrics);
        models.loadAndActivate(model);
        RuntimeConfig.Events events = RuntimeConfig.Events.unfiltered(1, 0);
        for (String name : List.of("a", "b", "c")) {
            streams.add(new StreamScoring(name, 1, events, metrics.stream(name)));
        }
        CollectingSink sink = new CollectingSink();
        OnnxScorer scorer = new OnnxScorer(OrtEnvironment.getEnvironment(), 8);
        ScoringStage stage = new ScoringStage(streams, scorer, models, sink, metrics);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        // Holds the consumer on the first frame (a batch of its own) so that the other five queue up behind it and
        // arrive as one Disruptor batch.
        EventHandler<FrameSlot> gated = (slot, seq, end) -> {
            held.countDown();
            go.await();
            stage.onEvent(slot, seq, end);
        };
        @SuppressWarnings("unchecked")
        ExceptionHandler<FrameSlot> fatal = (ExceptionHandler<FrameSlot>) (ExceptionHandler<?>) new FatalExceptionHandler();
        byte[][] colours = {ColourInput.BLUE, ColourInput.GREEN, ColourInput.RED};
        try (FrameRing ring = new FrameRing(64, 48, gated, fatal)) {
            ring.start();
            ByteBuffer pixels = ByteBuffer.allocateDirect(8 * 8 * 3);
            for (int frame = 0; frame < 2; frame++) {
                for (int s = 0; s < 3; s++) {
                    for (int p = 0; p < 64; p++) {
                        pixels.put(p * 3, colours[s][0]).put(p * 3 + 1, colours[s][1]).put(p * 3 + 2, colours[s][2]);
                    }
                    FrameWriter writer = new FrameWriter(s, models);
                    writer.set(pixels, 8, 8, 24, PixelFormat.BGR24, new FrameStamp().set(frame, System.nanoTime(),
                            System.currentTimeMillis()));
                    ring.tryPublish(writer);
                    if (frame == 0 && s == 0) {
                        held.await();
                    }
                }
            }
            go.countDown();
            return sink.await(e -> e.size() == 3, Duration.ofSeconds(10), "one event per stream");
        } finally {
            scorer.close();
            models.closeAll();
        }
    }

    @Test
    void scoresWindowsOfSeveralStreamsThatAreReadyTogetherAsOneBatch() throws Exception {
        RuntimeMetrics metrics = new RuntimeMetrics();
        List<StreamScoring> streams = new ArrayList<>();
        List<LabelEvent> got = scoreHeldFrames(TestModels.colour(dir.resolve("c.onnx"), "c", "1", 2, 4, 4),
                metrics, streams);
        assertEquals(List.of("a:blue", "b:green", "c:red"),
                got.stream().map(e -> e.stream() + ":" + e.label()).sorted().toList());
        assertEquals(1, metrics.inference().count(), "three windows, one inference run");
        assertEquals(3, streams.stream().mapToLong(StreamScoring::windowsScored).sum());
    }

    @Test
    void encodesFramesThatArriveTogetherInOneEncoderRunForASplitModel() throws Exception {
        RuntimeMetrics metrics = new RuntimeMetrics();
        List<StreamScoring> streams = new ArrayList<>();
        List<LabelEvent> got = scoreHeldFrames(TestModels.splitColour(dir, "lrcn", "1", 2, 4, 4), metrics, streams);
        assertEquals(List.of("a:blue", "b:green", "c:red"),
                got.stream().map(e -> e.stream() + ":" + e.label()).sorted().toList());
        assertEquals(2, metrics.encodeMicros().count(), "the held first frame alone, then the other five together");
        assertEquals(1, metrics.inference().count(), "three head windows, one run");
    }
}
