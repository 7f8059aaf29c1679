package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OrtEnvironment;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.FatalExceptionHandler;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.LoadedModel;
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
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** What the colour model gives a window of solid {@code bgr} frames: softmax of SCALE × the unit-scaled colour. */
    private static double[] colourProbabilities(byte[] bgr) {
        double[] p = new double[3];
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            p[c] = Math.exp(TestModels.SCALE * (bgr[c] & 0xff) / 255.0);
            sum += p[c];
        }
        for (int c = 0; c < 3; c++) {
            p[c] /= sum;
        }
        return p;
    }

    private static double probabilityOf(LabelEvent e, String label) {
        return e.topK().stream().filter(s -> s.label().equals(label)).findFirst().orElseThrow().probability();
    }

    private static String window(LabelEvent e) {
        return "v" + e.modelVersion() + " " + e.windowStartFrame() + ".." + e.windowEndFrame() + " " + e.label();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aWindowAboveTheThresholdIsLabelledUnknownWithItsScoreAndCounted() throws Exception {
        // The colour model's ood_score is 20 x the weakest mean channel: 0.3 for pure blue, about 9.4 for grey.
        byte[] grey = {120, 120, 120};
        Path model = TestModels.colourWithOodScore(dir.resolve("ood.onnx"), "ood", 2, 8, 8,
                TestModels.calibration(3.5, 1, true), false);
        List<LabelEvent> got;
        List<StreamScoring> streams;
        try (HeldScoring scoring = new HeldScoring(dir, model, List.of("known", "pattern"), 4)) {
            for (int frame = 0; frame < 2; frame++) {
                scoring.publish(0, frame, ColourInput.BLUE);
                scoring.publish(1, frame, grey);
            }
            scoring.release();
            got = scoring.sink.await(e -> e.size() == 2, Duration.ofSeconds(10), "one window per stream");
            streams = scoring.streams;
            assertEquals(1.0, scoring.metrics.registry().find("actionstream.windows.unknown").tag("stream", "pattern")
                    .counter().count());
            assertEquals(0.0, scoring.metrics.registry().find("actionstream.windows.unknown").tag("stream", "known")
                    .counter().count());
        }
        LabelEvent known = got.stream().filter(e -> e.stream().equals("known")).findFirst().orElseThrow();
        LabelEvent pattern = got.stream().filter(e -> e.stream().equals("pattern")).findFirst().orElseThrow();
        assertEquals("blue", known.label());
        assertTrue(known.known());
        assertEquals(20 * 20 / 255.0, known.oodScore(), 1e-4, "the graph's own score, per window");
        assertEquals(LabelEvent.UNKNOWN, pattern.label());
        assertFalse(pattern.known());
        assertEquals(20 * 120 / 255.0, pattern.oodScore(), 1e-4);
        assertEquals(List.of(0L, 1L), streams.stream().map(StreamScoring::windowsUnknown).toList());
    }

    @Test
    void serveConfigsUnknownThresholdOverridesTheModels() throws Exception {
        byte[] grey = {120, 120, 120};
        Path model = TestModels.colourWithOodScore(dir.resolve("ood.onnx"), "ood", 2, 8, 8,
                TestModels.calibration(3.5, 1, true), false);
        try (HeldScoring scoring = new HeldScoring(dir, model, List.of("pattern"), 4, 12.0)) {
            for (int frame = 0; frame < 2; frame++) {
                scoring.publish(0, frame, grey);
            }
            scoring.release();
            LabelEvent e = scoring.sink.await(l -> l.size() == 1, Duration.ofSeconds(10), "one window").get(0);
            assertTrue(e.known(), "9.4 is below the configured 12: " + e);
            assertEquals("blue", e.label());
        }
    }

    @Test
    void aTemperatureNotInTheGraphIsAppliedBeforeTheLabelFilter() throws Exception {
        byte[] mix = {120, 100, 20};
        Path model = TestModels.colourWithOodScore(dir.resolve("t.onnx"), "t", 2, 8, 8,
                TestModels.calibration(100, 2.0, false), false);
        try (HeldScoring scoring = new HeldScoring(dir, model, List.of("cam"), 4)) {
            for (int frame = 0; frame < 2; frame++) {
                scoring.publish(0, frame, mix);
            }
            scoring.release();
            LabelEvent e = scoring.sink.await(l -> l.size() == 1, Duration.ofSeconds(10), "one window").get(0);
            // softmax(logits / 2) = p^(1/2) renormalised; the filter (one window) passes it through.
            double[] p = colourProbabilities(mix);
            double sum = 0;
            for (double v : p) {
                sum += Math.sqrt(v);
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.sqrt(p[c]) / sum, probabilityOf(e, TestModels.COLOURS.get(c)), 1e-4,
                        TestModels.COLOURS.get(c));
            }
        }
    }

    @Test
    void splitsWindowsReadyTogetherIntoRunsOfAtMostMaxBatchAndRoutesEachResultToItsStream() throws Exception {
        // Five streams, each its own mix of colours, so every stream has its own probabilities: a result handed to
        // the wrong stream shows in its numbers, not only in its label.
        byte[][] colours = {{120, 100, 20}, {100, 120, 20}, {20, 100, 120}, {110, 100, 90}, {90, 100, 110}};
        List<String> names = List.of("s0", "s1", "s2", "s3", "s4");
        Path model = TestModels.colour(dir.resolve("c.onnx"), "c", "1", 2, 4, 4);
        List<LabelEvent> got;
        RuntimeMetrics metrics;
        try (HeldScoring scoring = new HeldScoring(dir, model, names, 2)) {
            metrics = scoring.metrics;
            for (int frame = 0; frame < 2; frame++) {
                for (int s = 0; s < names.size(); s++) {
                    scoring.publish(s, frame, colours[s]);
                }
            }
            scoring.release();
            got = scoring.sink.await(e -> e.size() == 5, Duration.ofSeconds(10), "one window per stream");
        }
        // The held first frame completes no window (T = 2); the five second frames arrive together and make five
        // ready windows: runs of 2, 2 and 1.
        assertEquals(3, metrics.inference().count(), "5 windows ready together, maxBatch 2: 3 runs");
        for (LabelEvent e : got) {
            int s = names.indexOf(e.stream());
            double[] expected = colourProbabilities(colours[s]);
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[c], probabilityOf(e, TestModels.COLOURS.get(c)), 1e-4,
                        e.stream() + " " + TestModels.COLOURS.get(c));
            }
            assertEquals(0, e.windowStartFrame(), e.stream());
            assertEquals(1, e.windowEndFrame(), e.stream());
        }
        assertEquals(names, got.stream().map(LabelEvent::stream).sorted().toList(), "one event per stream");
    }

    @Test
    void aSwapRetiresTheOldModelAtTheRingCursorAndANewFrameGeometryStartsWindowsOver() throws Exception {
        Path file = TestModels.colour(dir.resolve("model.onnx"), "colour", "1", 2, 4, 4);
        try (HeldScoring scoring = new HeldScoring(dir, file, List.of("cam"), 4)) {
            LoadedModel first = scoring.models.active();
            for (int frame = 0; frame < 3; frame++) {
                scoring.publish(0, frame, ColourInput.BLUE);
            }
            // The same file replaced by a model with longer windows of larger frames; it labels blue frames red.
            TestModels.reversedColour(file, "colour", "2", 3, 6, 6);
            scoring.models.loadAndActivate(file);
            assertFalse(first.isClosed(), "frames 0-2 in the ring still point at the retired model");
            for (int frame = 3; frame < 7; frame++) {
                scoring.publish(0, frame, ColourInput.BLUE);
            }
            scoring.release();
            List<LabelEvent> got = scoring.sink.await(e -> e.size() == 4, Duration.ofSeconds(10), "four windows");
            // Frames prepared for version 1 are scored by version 1 only; version 2's windows start at its first
            // frame (other geometry, nothing to keep) and every frame is in some window.
            assertEquals(List.of("v1 0..1 blue", "v1 1..2 blue", "v2 3..5 red", "v2 4..6 red"),
                    got.stream().map(ScoringStageTest::window).toList());
            assertEquals(List.of(1L, 2L, 3L, 4L), got.stream().map(LabelEvent::sequence).toList(), "no sequence gap");
            await("the retired model to be closed once the consumer passed the cursor", first::isClosed);
            assertFalse(scoring.models.active().isClosed());
            assertEquals(3, scoring.streams.get(0).windowLength());
        }
    }

    @Test
    void aSwapToALongerWindowOfTheSameFrameGeometryKeepsTheFramesAlreadySeen() throws Exception {
        Path file = TestModels.colour(dir.resolve("model.onnx"), "colour", "1", 2, 4, 4);
        try (HeldScoring scoring = new HeldScoring(dir, file, List.of("cam"), 4)) {
            for (int frame = 0; frame < 3; frame++) {
                scoring.publish(0, frame, ColourInput.BLUE);
            }
            TestModels.reversedColour(file, "colour", "2", 3, 4, 4);
            scoring.models.loadAndActivate(file);
            for (int frame = 3; frame < 6; frame++) {
                scoring.publish(0, frame, ColourInput.BLUE);
            }
            scoring.release();
            List<LabelEvent> got = scoring.sink.await(e -> e.size() == 5, Duration.ofSeconds(10), "five windows");
            // Frames 1 and 2 were prepared as version 2 prepares them: its window is rebuilt around them, so its
            // first window is ready with the first frame after the swap.
            assertEquals(List.of("v1 0..1 blue", "v1 1..2 blue", "v2 1..3 red", "v2 2..4 red", "v2 3..5 red"),
                    got.stream().map(ScoringStageTest::window).toList());
            assertEquals(3, scoring.streams.get(0).windowLength());
        }
    }
}
