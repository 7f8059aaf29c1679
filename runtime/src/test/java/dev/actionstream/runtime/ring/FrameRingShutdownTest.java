package dev.actionstream.runtime.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.FatalExceptionHandler;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing a ring whose consumer cannot drain in time: it is halted, and close returns only once it is idle. */
class FrameRingShutdownTest {

    @TempDir
    Path dir;

    @Test
    void closeHaltsASlowConsumerAndReturnsOnlyAfterItsCurrentEvent() throws Exception {
        ModelRegistry models = TestRuntime.registry(dir, new RuntimeMetrics());
        models.loadAndActivate(TestModels.colour(dir.resolve("c.onnx"), "c", "1", 2, 4, 4));
        AtomicBoolean inEvent = new AtomicBoolean();
        AtomicInteger consumed = new AtomicInteger();
        // Like a slow model: each frame takes 100 ms to "score".
        EventHandler<FrameSlot> slow = (slot, seq, end) -> {
            inEvent.set(true);
            Thread.sleep(100);
            consumed.incrementAndGet();
            inEvent.set(false);
        };
        @SuppressWarnings("unchecked")
        ExceptionHandler<FrameSlot> fatal = (ExceptionHandler<FrameSlot>) (ExceptionHandler<?>) new FatalExceptionHandler();
        FrameRing ring = new FrameRing(64, 48, slow, fatal, 300, 30_000);
        ring.start();
        FrameWriter writer = new FrameWriter(0, models);
        ByteBuffer pixels = ByteBuffer.allocateDirect(8 * 8 * 3);
        int published = 0;
        for (int i = 0; i < 64; i++) {
            writer.set(pixels, 8, 8, 24, PixelFormat.BGR24, new FrameStamp().set(i, System.nanoTime(),
                    System.currentTimeMillis()));
            published += ring.tryPublish(writer) ? 1 : 0;
        }
        assertTrue(published > 10, "published " + published);
        assertFalse(ring.consumerStopped());

        ring.close();

        assertTrue(ring.consumerStopped(), "the consumer thread is gone when close returns");
        assertFalse(inEvent.get(), "no frame was being scored when close returned");
        int atClose = consumed.get();
        assertTrue(atClose < published, "a ring that cannot drain in time is halted: " + atClose + " of " + published);
        Thread.sleep(300);
        assertEquals(atClose, consumed.get(), "nothing is consumed after close");
        models.closeAll();
    }
}
