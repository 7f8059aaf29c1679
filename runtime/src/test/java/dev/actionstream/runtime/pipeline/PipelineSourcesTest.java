package dev.actionstream.runtime.pipeline;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.status.StreamStatus;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.ColourInput;
import dev.actionstream.runtime.fixtures.MjpegServer;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.fixtures.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pipeline end to end on each kind of real source, with the colour test model. */
class PipelineSourcesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Pipeline pipeline(Path model, RuntimeConfig.Stream stream, SourceOpener opener) throws Exception {
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false, List.of(stream), TestRuntime.EVERY_WINDOW);
        return new Pipeline(config, model, new RuntimeMetrics(), opener);
    }

    private Pipeline pipeline(Path model, RuntimeConfig.Stream stream) throws Exception {
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false, List.of(stream), TestRuntime.EVERY_WINDOW);
        return new Pipeline(config, model, new RuntimeMetrics(), SourceOpener.standard(config.pipeline()));
    }

    private static StreamStatus awaitState(Pipeline p, String state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            StreamStatus s = p.snapshot().streams().get(0);
            if (s.state().id().equals(state)) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("stream never reached " + state + ": " + p.snapshot().streams().get(0));
    }

    @Test
    void scoresEveryWindowOfARecordedVideoFile() throws Exception {
        Path video = TestVideos.solidColours(dir.resolve("colours.avi"), 64, 48, 20,
                List.of(ColourInput.BLUE, ColourInput.RED));
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = pipeline(model, new RuntimeConfig.Stream("file", video.toString(), 1, false, false))) {
            p.start(sink);
            StreamStatus ended = awaitState(p, "ended");
            assertEquals(40, ended.framesIn());
            assertEquals(0, ended.framesDropped());
            p.close();
            List<LabelEvent> events = sink.events();
            assertEquals(37, events.size(), "40 frames, T = 4, stride 1: 37 windows");
            assertEquals("blue", events.get(0).label());
            assertEquals(0, events.get(0).windowStartFrame());
            assertEquals("red", events.get(events.size() - 1).label());
            assertEquals(39, events.get(events.size() - 1).windowEndFrame());
            long changes = events.stream().filter(e -> e.reason() == LabelEvent.Reason.CHANGE).count();
            assertEquals(2, changes, "blue at the start, one change to red");
        }
    }

    @Test
    void stridesOverAFile() throws Exception {
        Path video = TestVideos.solidColours(dir.resolve("green.avi"), 32, 32, 30, List.of(ColourInput.GREEN));
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 5, 8, 8);
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = pipeline(model, new RuntimeConfig.Stream("file", video.toString(), 10, false, false))) {
            p.start(sink);
            awaitState(p, "ended");
            p.close();
            assertEquals(List.of(4L, 14L, 24L), sink.events().stream().map(LabelEvent::windowEndFrame).toList());
            assertTrue(sink.events().stream().allMatch(e -> e.label().equals("green")));
        }
    }

    @Test
    void scoresTheLavfiCameraLikeSource() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = pipeline(model,
                new RuntimeConfig.Stream("cam", "lavfi:color=c=red:size=64x48:rate=25", 1, false, true))) {
            p.start(sink);
            sink.await(e -> e.size() >= 10, WAIT, "events from the lavfi source");
            assertEquals("running", p.snapshot().streams().get(0).state().id());
            p.close();
            assertTrue(sink.events().stream().allMatch(e -> e.label().equals("red")), sink.events().toString());
            assertEquals("stopped", p.snapshot().streams().get(0).state().id());
        }
    }

    @Test
    void scoresTheSyntheticLiveSource() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 16, 16);
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = pipeline(model, new RuntimeConfig.Stream("synth", "synthetic:64x48@50", 2, false, true))) {
            p.start(sink);
            List<LabelEvent> events = sink.await(e -> e.size() >= 10, WAIT,
                    () -> "events from the synthetic source, stream " + p.snapshot().streams().get(0));
            StreamStatus s = p.snapshot().streams().get(0);
            assertEquals("running", s.state().id());
            assertTrue(s.framesIn() >= 21, "frames counted: " + s.framesIn());
            assertTrue(s.fps() > 0);
            for (int i = 1; i < events.size(); i++) {
                assertEquals(events.get(i - 1).windowEndFrame() + 2, events.get(i).windowEndFrame(), "stride 2");
            }
            assertTrue(events.stream().allMatch(e -> TestModels.COLOURS.contains(e.label())));
        }
    }

    @Test
    void aMissingFileFailsItsStreamWithAClearMessage() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        try (Pipeline p = pipeline(model,
                new RuntimeConfig.Stream("gone", dir.resolve("nope.mp4").toString(), 1, false, true))) {
            p.start(new CollectingSink());
            StreamStatus s = awaitState(p, "failed");
            assertTrue(s.lastError().contains("cannot open file:" + dir.resolve("nope.mp4") + ": no such file"), s.lastError());
        }
    }

    @Test
    void neverShowsACamerasPasswordInItsStatusOrErrors() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String url = "rtsp://admin:hunter2@127.0.0.1:" + closed + "/stream1";
        try (Pipeline p = pipeline(model, new RuntimeConfig.Stream("cam", url, 1, false, true))) {
            p.start(new CollectingSink());
            StreamStatus s = awaitState(p, "reconnecting");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (p.snapshot().streams().get(0).lastError().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            s = p.snapshot().streams().get(0);
            assertEquals("rtsp://admin:***@127.0.0.1:" + closed + "/stream1", s.source());
            assertTrue(s.lastError().contains("admin:***@"), s.lastError());
            String shown = s.toString();
            assertTrue(!shown.contains("hunter2"), shown);
        }
    }

    @Test
    void scoresASplitLrcnModelFrameByFrameThroughItsEncoder() throws Exception {
        Path head = TestModels.splitColour(dir, "lrcn", "1", 6, 8, 8);
        CollectingSink sink = new CollectingSink();
        SourceOpener green = (spec, stream) -> new ColourInput(32, 24, 100, 40, i -> ColourInput.GREEN);
        try (Pipeline p = pipeline(head, new RuntimeConfig.Stream("s", "synthetic:32x24@100", 1, false, true), green)) {
            p.start(sink);
            sink.await(e -> e.size() >= 20, WAIT, "events from the split model");
            p.close();
            List<LabelEvent> events = sink.events();
            assertTrue(events.stream().allMatch(e -> e.label().equals("green")), events.toString());
            assertEquals(5, events.get(0).windowEndFrame() - events.get(0).windowStartFrame());
            for (int i = 1; i < events.size(); i++) {
                assertEquals(events.get(i - 1).windowEndFrame() + 1, events.get(i).windowEndFrame());
            }
        }
    }

    @Test
    void closingScoresEveryFrameAlreadyInTheRing() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        CollectingSink sink = new CollectingSink();
        SourceOpener fast = (spec, stream) -> new ColourInput(32, 24, 0, 600, i -> ColourInput.BLUE);
        Pipeline p = pipeline(model, new RuntimeConfig.Stream("s", "synthetic:32x24@100", 1, false, true), fast);
        p.start(sink);
        // Close only once several windows were scored, so the ring surely holds more than the first window's frames.
        sink.await(e -> e.size() >= 3, WAIT, "three events");
        p.close();
        StreamStatus s = p.snapshot().streams().get(0);
        long published = s.framesIn() - s.framesDropped();
        assertTrue(published > 4, "frames in the ring: " + published);
        assertEquals(published - 3, s.windowsScored(), "every published frame ended a scored window (T = 4, stride 1)");
        assertEquals(s.windowsScored(), sink.events().size(), "and every window's event was published before close returned");
    }

    @Test
    void loopsAFileWhenAsked() throws Exception {
        Path video = TestVideos.solidColours(dir.resolve("short.avi"), 32, 32, 10, List.of(ColourInput.BLUE));
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        CollectingSink sink = new CollectingSink();
        try (Pipeline p = pipeline(model, new RuntimeConfig.Stream("loop", video.toString(), 1, true, false))) {
            p.start(sink);
            sink.await(e -> e.size() >= 30, WAIT, "more windows than one pass of 10 frames has");
            StreamStatus s = p.snapshot().streams().get(0);
            assertTrue(s.framesIn() > 30, "frames: " + s.framesIn());
            assertTrue(!s.state().id().equals("ended"), s.state().id());
        }
    }

    @Test
    void readsAnHttpMjpegCameraAndReconnectsWhenItComesBack() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        CollectingSink sink = new CollectingSink();
        MjpegServer camera = new MjpegServer(0, java.awt.Color.GREEN, 25);
        int port = camera.port();
        RuntimeConfig.Stream stream = new RuntimeConfig.Stream("http", "http://127.0.0.1:" + port + "/mjpeg", 1, false, true);
        try (Pipeline p = pipeline(model, stream)) {
            p.start(sink);
            sink.await(e -> e.size() >= 5, WAIT, "events from the MJPEG camera");
            assertTrue(sink.events().stream().allMatch(e -> e.label().equals("green")), sink.events().toString());
            camera.close();
            awaitState(p, "reconnecting");
            long before = p.snapshot().streams().get(0).framesIn();
            camera = new MjpegServer(port, java.awt.Color.GREEN, 25);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (p.snapshot().streams().get(0).framesIn() < before + 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            StreamStatus s = p.snapshot().streams().get(0);
            assertTrue(s.framesIn() >= before + 10, "frames after the camera came back: " + s);
            assertEquals("running", s.state().id());
        } finally {
            camera.close();
        }
    }
}
