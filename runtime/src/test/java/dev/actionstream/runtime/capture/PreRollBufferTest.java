package dev.actionstream.runtime.capture;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PreRollBufferTest {

    private static byte[] frame(int n, int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) n);
        return b;
    }

    @Test
    void dropsTheOldestFramesWhenTheStoreIsFullAndKeepsTheRestIntact() {
        PreRollBuffer buffer = new PreRollBuffer("cam", 1000, 60_000);
        for (int i = 0; i < 50; i++) {
            buffer.append(frame(i, 90 + i % 7), 90 + i % 7, i, 1000L + 40 * i, (1000L + 40 * i) * 1000);
        }
        BufferSpan span = buffer.span(0);
        assertEquals(49, span.newestFrame());
        assertEquals(span.newestFrame() - span.oldestFrame() + 1, span.frames(), "contiguous");
        assertEquals(true, span.bytes() <= 1000);
        List<StoredFrame> all = buffer.copy(0, Long.MAX_VALUE);
        for (StoredFrame f : all) {
            assertArrayEquals(frame((int) f.frameIndex(), f.jpeg().length), f.jpeg(), "frame " + f.frameIndex());
        }
    }

    @Test
    void dropsFramesOlderThanItsAge() {
        PreRollBuffer buffer = new PreRollBuffer("cam", 1 << 20, 1000);
        for (int i = 0; i < 100; i++) {
            buffer.append(frame(i, 10), 10, i, 40L * i, (40L * i) * 1000);
        }
        BufferSpan span = buffer.span(0);
        assertEquals(true, span.newestMillis() - span.oldestMillis() <= 1000, span.toString());
        assertEquals(99, span.newestFrame());
    }

    @Test
    void copiesOnlyTheFramesInsideTheRange() {
        PreRollBuffer buffer = new PreRollBuffer("cam", 1 << 16, 60_000);
        for (int i = 0; i < 10; i++) {
            buffer.append(frame(i, 10), 10, i, 100L * i, (100L * i) * 1000);
        }
        assertEquals(List.of(3L, 4L, 5L), buffer.copy(300, 500).stream().map(StoredFrame::frameIndex).toList());
    }
}
