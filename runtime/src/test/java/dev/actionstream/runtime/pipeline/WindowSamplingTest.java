package dev.actionstream.runtime.pipeline;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.WindowSampling;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.ColourInput;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.source.StreamGrabber;
import dev.actionstream.runtime.status.StreamStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Windows take frames at the model's interval through the real pipeline: a window's first and last frame indices
 * show which frames it took. 4 frames 0.08 s apart are every 2nd frame of a 25 fps stream and every 4th of a 50 fps
 * one: the same 0.32 s of time.
 */
class WindowSamplingTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int T = 4;

    @TempDir
    Path dir;

    private static SourceOpener blue() {
        return (spec, stream) -> new ColourInput(spec.width(), spec.height(), spec.fps(), -1, i -> ColourInput.BLUE);
    }

    private static List<RuntimeConfig.Stream> at25And50Fps() {
        return List.of(new RuntimeConfig.Stream("slow", "synthetic:32x24@25", 1, false, true),
                new RuntimeConfig.Stream("fast", "synthetic:32x24@50", 1, false, true));
    }

    /** Frames spanned by the stream's windows (last index - first index), once 5 windows were scored. */
    private static long span(CollectingSink sink, String stream) throws InterruptedException {
        List<LabelEvent> events = sink.await(e -> e.stream().filter(x -> x.stream().equals(stream)).count() >= 5,
                WAIT, "5 windows of " + stream);
        LabelEvent last = events.stream().filter(x -> x.stream().equals(stream)).reduce((a, b) -> b).orElseThrow();
        return last.windowEndFrame() - last.windowStartFrame();
    }

    @Test
    void aWindowAt80MsTakesEverySecondFrameAt25FpsAndEveryFourthAt50Fps() throws Exception {
        Path model = TestModels.colourSampled(dir.resolve("model.onnx"), "colour", "1", T, 8, 8,
                WindowSampling.rate(12.5));
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = new Pipeline(TestRuntime.config(dir, false, at25And50Fps(), TestRuntime.EVERY_WINDOW),
                model, new RuntimeMetrics(), blue())) {
            p.start(sink);
            assertEquals(2 * (T - 1), span(sink, "slow"));
            assertEquals(4 * (T - 1), span(sink, "fast"));
            for (StreamStatus s : p.snapshot().streams()) {
                StreamStatus.Window w = s.window();
                assertNotNull(w, s.name() + " reports no window");
                assertEquals(T, w.frames());
                assertEquals(0.08, w.intervalSeconds(), 1e-3, s.name());
                assertEquals(0.32, w.seconds(), 4e-3, s.name());
            }
        }
    }

    @Test
    void aModelWithoutSamplingIsServedConsecutiveFramesAtAnyRate() throws Exception {
        Path model = TestModels.colour(dir.resolve("model.onnx"), "colour", "1", T, 8, 8);
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = new Pipeline(TestRuntime.config(dir, false, at25And50Fps(), TestRuntime.EVERY_WINDOW),
                model, new RuntimeMetrics(), blue())) {
            p.start(sink);
            assertEquals(T - 1, span(sink, "slow"));
            assertEquals(T - 1, span(sink, "fast"));
            StreamStatus fast = p.snapshot().streams().get(1);
            assertEquals(0.02, fast.window().intervalSeconds(), 2e-3, "consecutive frames of a 50 fps stream");
        }
    }

    @Test
    void consecutiveSampledWindowsAdvanceByOneSampledFrame() throws Exception {
        Path model = TestModels.colourSampled(dir.resolve("model.onnx"), "colour", "1", T, 8, 8,
                WindowSampling.rate(12.5));
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = new Pipeline(TestRuntime.config(dir, false, at25And50Fps(), TestRuntime.EVERY_WINDOW),
                model, new RuntimeMetrics(), blue())) {
            p.start(sink);
            List<LabelEvent> fast = sink.await(e -> e.stream().filter(x -> x.stream().equals("fast")).count() >= 6,
                    WAIT, "6 windows of fast").stream().filter(x -> x.stream().equals("fast")).toList();
            for (int i = 1; i < fast.size(); i++) {
                assertEquals(4, fast.get(i).windowEndFrame() - fast.get(i - 1).windowEndFrame(),
                        "stride 1 counts sampled frames: each window ends 4 frames of a 50 fps stream later");
            }
            assertTrue(fast.get(0).windowEndFrame() >= 4 * (T - 1));
        }
    }

    @Test
    void framesNoWindowTakesAreSkippedBeforePreparationAndCounted() throws Exception {
        Path model = TestModels.colourSampled(dir.resolve("model.onnx"), "colour", "1", T, 8, 8,
                WindowSampling.rate(12.5));
        CollectingSink sink = new CollectingSink();
        RuntimeMetrics metrics = new RuntimeMetrics();
        try (Pipeline p = new Pipeline(TestRuntime.config(dir, false, at25And50Fps(), TestRuntime.EVERY_WINDOW),
                model, metrics, blue())) {
            p.start(sink);
            span(sink, "fast");
            p.close();
            StreamGrabber slow = p.grabbers().get(0);
            StreamGrabber fast = p.grabbers().get(1);
            // 1 in 2 frames of 25 fps and 1 in 4 of 50 fps are taken, within a frame of where the count stopped.
            assertEquals(slow.framesIn() / 2.0, slow.framesSkipped(), 1.0, "25 fps skipped");
            assertEquals(fast.framesIn() * 3 / 4.0, fast.framesSkipped(), 1.0, "50 fps skipped");
            long published = 0;
            for (StreamGrabber g : p.grabbers()) {
                published += g.framesIn() - g.framesSkipped() - g.framesDropped();
            }
            assertEquals(published, metrics.prepareMicros().count(), "only frames a window takes were prepared");
            assertTrue(metrics.scrape().contains("actionstream_frames_skipped_total{stream=\"fast\"} "
                    + (double) fast.framesSkipped()), metrics.scrape());
        }
    }
}
