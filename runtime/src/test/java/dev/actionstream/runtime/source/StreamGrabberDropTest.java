package dev.actionstream.runtime.source;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.FatalExceptionHandler;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.fixtures.ColourInput;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.ring.FrameRing;
import dev.actionstream.runtime.ring.FrameSlot;
import dev.actionstream.runtime.ring.FrameWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streams faster than the scoring thread: the full ring drops their frames and counts them per stream, never waits. */
class StreamGrabberDropTest {

    private static final int RING = 8;
    private static final RuntimeConfig.Pipeline PIPELINE =
            new RuntimeConfig.Pipeline(RING, 1_000, 1_000, 5_000, 20, 80, "tcp");

    @TempDir
    Path dir;

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aFullRingDropsEachStreamsFramesAndCountsThemPerStreamWithoutBlockingItsGrabber() throws Exception {
        RuntimeMetrics metrics = new RuntimeMetrics();
        ModelRegistry models = TestRuntime.registry(dir, metrics);
        models.loadAndActivate(TestModels.colour(dir.resolve("c.onnx"), "c", "1", 2, 4, 4));
        CountDownLatch go = new CountDownLatch(1);
        List<long[]> consumed = new CopyOnWriteArrayList<>();
        // A scoring thread stuck on its first frame: nothing frees a slot until the test lets it go.
        EventHandler<FrameSlot> stuck = (slot, seq, end) -> {
            go.await();
            consumed.add(new long[] {slot.streamIndex(), slot.frameIndex()});
        };
        @SuppressWarnings("unchecked")
        ExceptionHandler<FrameSlot> fatal = (ExceptionHandler<FrameSlot>) (ExceptionHandler<?>) new FatalExceptionHandler();
        List<String> names = List.of("a", "b");
        int[] frames = {40, 25};
        List<StreamGrabber> grabbers = new ArrayList<>();
        try (FrameRing ring = new FrameRing(RING, 48, stuck, fatal)) {
            ring.start();
            for (int s = 0; s < names.size(); s++) {
                int n = frames[s];
                // Unpaced files: each grabber decodes as fast as it can and then ends.
                SourceSpec file = SourceSpec.parse(dir.resolve(names.get(s) + ".avi").toString());
                StreamGrabber g = new StreamGrabber(names.get(s), file, false,
                        () -> new ColourInput(32, 24, 0, n, i -> ColourInput.BLUE), PIPELINE,
                        GrabberOutputs.ring(ring, new FrameWriter(s, models), metrics, metrics.stream(names.get(s))));
                grabbers.add(g);
                g.start();
            }
            // Both files read to their end while the scoring thread is stuck: a full ring never blocked a grabber.
            await("both grabbers to reach the end of their files",
                    () -> grabbers.stream().allMatch(g -> g.state() == dev.actionstream.runtime.status.StreamState.ENDED));
            long dropped = 0;
            for (int s = 0; s < names.size(); s++) {
                StreamGrabber g = grabbers.get(s);
                assertEquals(frames[s], g.framesIn(), names.get(s) + ": every frame decoded is counted in");
                assertEquals(g.framesDropped(), metrics.stream(names.get(s)).framesDropped().count(),
                        names.get(s) + ": the metric counts the stream's own drops");
                dropped += g.framesDropped();
            }
            assertEquals(frames[0] + frames[1] - RING, dropped, "the ring kept exactly as many frames as it has slots");

            go.countDown();
            await("the kept frames to be consumed", () -> consumed.size() == RING);
            for (int s = 0; s < names.size(); s++) {
                int stream = s;
                List<Long> kept = consumed.stream().filter(c -> c[0] == stream).map(c -> c[1]).toList();
                StreamGrabber g = grabbers.get(s);
                assertEquals(g.framesIn() - g.framesDropped(), kept.size(), names.get(s) + ": kept = in - dropped");
                for (int i = 1; i < kept.size(); i++) {
                    assertTrue(kept.get(i) > kept.get(i - 1), names.get(s) + ": kept frames in order " + kept);
                }
            }
        } finally {
            grabbers.forEach(g -> g.stop(2_000));
            models.closeAll();
        }
    }
}
