package dev.actionstream.runtime.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.config.PixelFormat;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StreamViewTest {

    private static final long ONE_HOUR = TimeUnit.HOURS.toNanos(1);

    private static StreamView view(long periodNanos) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        return new StreamView("cam1", periodNanos,
                new MjpegViewers(ByteBufAllocator.DEFAULT, registry.counter("s"), registry.counter("d")));
    }

    @Test
    void takesNoFrameWithoutWatchers() {
        StreamView v = view(1);
        assertFalse(v.offer(0, 0, ByteBuffer.allocate(12), 2, 2, 6, PixelFormat.BGR24));
        assertFalse(v.takeFrame());
    }

    @Test
    void takesAtMostOneFramePerPeriod() {
        StreamView v = view(ONE_HOUR);
        v.watch();
        ByteBuffer frame = ByteBuffer.allocate(12);
        assertTrue(v.offer(0, 0, frame, 2, 2, 6, PixelFormat.BGR24));
        assertFalse(v.offer(1, 40, frame, 2, 2, 6, PixelFormat.BGR24), "the next frame is an hour away");
        assertTrue(v.takeFrame());
        assertFalse(v.takeFrame(), "a frame is drawn once");
    }

    @Test
    void copiesPaddedRgbRowsAsBgrWithoutMovingTheBuffer() {
        StreamView v = view(1);
        v.watch();
        // 2×2 RGB, rows padded to 8 bytes: red, green / blue, white.
        byte f = (byte) 255;
        byte[] rgb = {f, 0, 0, 0, f, 0, 9, 9, 0, 0, f, f, f, f, 9, 9};
        ByteBuffer pixels = ByteBuffer.wrap(rgb);
        assertTrue(v.offer(5, 0, pixels, 2, 2, 8, PixelFormat.RGB24));
        assertEquals(0, pixels.position());
        assertTrue(v.takeFrame());
        byte[] bgr = ((DataBufferByte) v.canvas().getRaster().getDataBuffer()).getData();
        assertArrayEquals(new byte[]{0, 0, f, 0, f, 0, f, 0, 0, f, f, f}, bgr);
        assertEquals(5, v.canvasFrameIndex());
    }

    @Test
    void expandsGreyFrames() {
        StreamView v = view(1);
        v.watch();
        assertTrue(v.offer(0, 0, ByteBuffer.wrap(new byte[]{10, 20}), 2, 1, 2, PixelFormat.GRAY8));
        assertTrue(v.takeFrame());
        byte[] bgr = ((DataBufferByte) v.canvas().getRaster().getDataBuffer()).getData();
        assertArrayEquals(new byte[]{10, 10, 10, 20, 20, 20}, bgr);
    }

    @Test
    void followsAResolutionChange() {
        StreamView v = view(1);
        v.watch();
        assertTrue(v.offer(0, 0, ByteBuffer.allocate(12), 2, 2, 6, PixelFormat.BGR24));
        assertTrue(v.takeFrame());
        assertEquals(2, v.canvas().getWidth());
        waitOnePeriod();
        assertTrue(v.offer(1, 40, ByteBuffer.allocate(4 * 3 * 3), 4, 3, 12, PixelFormat.BGR24));
        assertTrue(v.takeFrame());
        assertEquals(4, v.canvas().getWidth());
        assertEquals(3, v.canvas().getHeight());
    }

    @Test
    void measuresTheSourceRateFromFrameIndices() {
        StreamView v = view(1);
        v.watch();
        ByteBuffer frame = ByteBuffer.allocate(12);
        // Every 4th frame of a 25 fps source is tapped: 4 frames per 160 ms.
        for (int i = 0; i < 5; i++) {
            waitOnePeriod();
            assertTrue(v.offer(i * 4L, 1_000 + i * 160L, frame, 2, 2, 6, PixelFormat.BGR24));
        }
        assertEquals(25.0, v.fps(), 1e-9);
    }

    private static void waitOnePeriod() {
        long until = System.nanoTime() + 2;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
