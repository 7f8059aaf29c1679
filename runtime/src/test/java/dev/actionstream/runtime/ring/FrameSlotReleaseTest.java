package dev.actionstream.runtime.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.FatalExceptionHandler;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameSlotReleaseTest {

    private static final int RING = 8;

    @TempDir
    Path dir;

    @Test
    void slotArraysSizedForALargeModelAreReleasedWithinOneLapAfterSwappingBack() throws Exception {
        ModelRegistry models = TestRuntime.registry(dir, new RuntimeMetrics());
        LoadedModel small = models.loadAndActivate(TestModels.colour(dir.resolve("small.onnx"), "small", "1", 2, 8, 8));
        LoadedModel big = models.loadAndActivate(TestModels.colour(dir.resolve("big.onnx"), "big", "1", 2, 256, 256));
        List<WeakReference<float[]>> bigArrays = new ArrayList<>();
        int[] smallLengths = new int[1];
        Semaphore consumed = new Semaphore(0);
        EventHandler<FrameSlot> consumer = (slot, seq, end) -> {
            if (slot.model() == big) {
                bigArrays.add(new WeakReference<>(slot.data()));
            } else {
                smallLengths[0] = Math.max(smallLengths[0], slot.data().length);
            }
            consumed.release();
        };
        @SuppressWarnings("unchecked")
        ExceptionHandler<FrameSlot> fatal = (ExceptionHandler<FrameSlot>) (ExceptionHandler<?>) new FatalExceptionHandler();
        try (FrameRing ring = new FrameRing(RING, small.spec().frameSize(), consumer, fatal)) {
            ring.start();
            FrameWriter writer = new FrameWriter(0, models);
            ByteBuffer pixels = ByteBuffer.allocateDirect(64 * 48 * 3);
            publish(ring, writer, pixels, RING, consumed);
            assertEquals(RING, bigArrays.size());
            assertEquals(3 * 256 * 256, bigArrays.get(0).get().length, "slots grew for the large model");

            models.activate("small.onnx");
            publish(ring, writer, pixels, RING, consumed);
            assertEquals(3 * 8 * 8, smallLengths[0], "slots shrank back to the small model's frame");
            // The ring is still running: nothing but its slots could keep the large arrays.
            for (int i = 0; i < 50 && bigArrays.stream().anyMatch(r -> r.get() != null); i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertTrue(bigArrays.stream().allMatch(r -> r.get() == null),
                    "a slot still holds a frame array sized for the large model");
        }
        models.closeAll();
    }

    /** Publishes {@code n} frames one at a time, each consumed before the next. */
    private static void publish(FrameRing ring, FrameWriter writer, ByteBuffer pixels, int n, Semaphore consumed)
            throws InterruptedException {
        for (int i = 0; i < n; i++) {
            writer.set(pixels, 64, 48, 64 * 3, PixelFormat.BGR24, new FrameStamp().set(i, System.nanoTime(),
                    System.currentTimeMillis()));
            assertTrue(ring.tryPublish(writer), "ring has room: every frame is consumed before the next");
            assertTrue(consumed.tryAcquire(10, TimeUnit.SECONDS), "frame " + i + " consumed");
        }
    }
}
