package dev.actionstream.runtime.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.FatalExceptionHandler;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameRingTest {

    @TempDir
    Path dir;

    @Test
    void dropsFramesWhenRingIsFull() throws Exception {
        ModelRegistry models = TestRuntime.registry(dir, new RuntimeMetrics());
        models.loadAndActivate(TestModels.colour(dir.resolve("c.onnx"), "c", "1", 2, 4, 4));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch consumedAll = new CountDownLatch(4);
        List<Long> seen = new ArrayList<>();
        List<Float> firstValues = new ArrayList<>();
        EventHandler<FrameSlot> slowConsumer = (slot, seq, end) -> {
            release.await();
            seen.add(slot.frameIndex());
            firstValues.add(slot.data()[0]);
            consumedAll.countDown();
        };
        @SuppressWarnings("unchecked")
        ExceptionHandler<FrameSlot> fatal = (ExceptionHandler<FrameSlot>) (ExceptionHandler<?>) new FatalExceptionHandler();
        try (FrameRing ring = new FrameRing(4, 48, slowConsumer, fatal)) {
            ring.start();
            FrameWriter writer = new FrameWriter(0, models);
            ByteBuffer pixels = ByteBuffer.allocateDirect(8 * 8 * 3);
            int published = 0;
            int dropped = 0;
            for (int i = 0; i < 10; i++) {
                pixels.put(0, (byte) (i * 20));
                writer.set(pixels, 8, 8, 24, PixelFormat.BGR24, new FrameStamp().set(i, System.nanoTime(),
                        System.currentTimeMillis()));
                if (ring.tryPublish(writer)) {
                    published++;
                } else {
                    dropped++;
                }
            }
            assertEquals(4, published, "a ring of 4 holds 4 unconsumed frames");
            assertEquals(6, dropped, "the rest is dropped, never waited for");
            release.countDown();
            assertTrue(consumedAll.await(5, TimeUnit.SECONDS));
            assertEquals(List.of(0L, 1L, 2L, 3L), seen, "kept frames arrive in order");
            // Prepared in the slot: the first pixel's blue, area-averaged over a 2x2 block (one of 4 pixels set).
            assertEquals(20f / 255 / 4, firstValues.get(1), 1e-5);
        }
        models.closeAll();
    }
}
