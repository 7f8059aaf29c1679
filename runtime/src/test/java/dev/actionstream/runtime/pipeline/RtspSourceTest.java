package dev.actionstream.runtime.pipeline;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.status.StreamStatus;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.RtspCamera;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RTSP end to end against a real RTSP server, including the camera going away and coming back. */
class RtspSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static StreamStatus await(Pipeline p, Predicate<StreamStatus> condition, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            StreamStatus s = p.snapshot().streams().get(0);
            if (condition.test(s)) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + ": " + p.snapshot().streams().get(0));
    }

    @Test
    void scoresAnRtspCameraAndReconnectsAfterItRestarts() throws Exception {
        RtspCamera.assumeAvailable();
        int port = RtspCamera.freePort();
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false,
                List.of(new RuntimeConfig.Stream("door", "rtsp://127.0.0.1:" + port + "/live", 1, false, true)),
                TestRuntime.EVERY_WINDOW);
        CollectingSink sink = new CollectingSink();
        RtspCamera camera = RtspCamera.start(dir, port, "0xffff0000");
        try (Pipeline p = new Pipeline(config, model, new RuntimeMetrics(), SourceOpener.standard(config.pipeline()))) {
            p.start(sink);
            sink.await(e -> e.size() >= 10, WAIT, "events from the RTSP camera");
            assertTrue(sink.events().stream().allMatch(e -> e.label().equals("red")), sink.events().toString());

            camera.close();
            await(p, s -> !s.state().id().equals("running"), "the stream to notice the camera is gone");
            long before = p.snapshot().streams().get(0).framesIn();
            camera = RtspCamera.start(dir, port, "0xffff0000");
            StreamStatus back = await(p, s -> s.state().id().equals("running") && s.framesIn() >= before + 10,
                    "frames after the camera came back");
            assertEquals(0, back.framesDropped());
            int events = sink.events().size();
            sink.await(e -> e.size() >= events + 5, WAIT, "events after the reconnect");
            List<Long> sequences = sink.events().stream().map(e -> e.sequence()).toList();
            for (int i = 0; i < sequences.size(); i++) {
                assertEquals(i + 1, sequences.get(i), "sequence numbers continue across the reconnect");
            }
        } finally {
            camera.close();
        }
    }
}
