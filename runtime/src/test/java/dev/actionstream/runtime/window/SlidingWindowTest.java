package dev.actionstream.runtime.window;

import dev.actionstream.runtime.ring.FrameStamp;
import org.junit.jupiter.api.Test;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class SlidingWindowTest {

    private static void pushFrame(SlidingWindow w, int i) {
        w.push(new float[] {i, i + 0.5f}, 0, new FrameStamp().set(i, 1000L + i, 2000L + i));
    }

    @Test
    void copiesOldestFirstAfterWrapping() {
        SlidingWindow w = new SlidingWindow(3, 2, 1);
        for (int i = 0; i < 5; i++) {
            pushFrame(w, i);
        }
        FloatBuffer out = FloatBuffer.allocate(1 + 6);
        w.copyTo(out, 1);
        assertArrayEquals(new float[] {0, 2, 2.5f, 3, 3.5f, 4, 4.5f}, out.array());
        assertEquals(2, w.oldestFrame());
        assertEquals(4, w.newestFrame());
        assertEquals(2004L, w.newestCaptureEpochMs());
    }

    @Test
    void isReadyWhenFullThenEveryStrideFrames() {
        SlidingWindow w = new SlidingWindow(4, 1, 3);
        List<Integer> ready = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            w.push(new float[] {i}, 0, new FrameStamp().set(i, 0, 0));
            if (w.ready()) {
                ready.add(i);
            }
        }
        assertEquals(List.of(3, 6, 9, 12), ready);
    }

    @Test
    void resizingKeepsTheNewestFramesInOrder() {
        SlidingWindow w = new SlidingWindow(4, 2, 1);
        for (int i = 0; i < 6; i++) {
            pushFrame(w, i);
        }
        SlidingWindow shorter = SlidingWindow.resized(w, 2, 1);
        assertEquals(4, shorter.oldestFrame());
        assertEquals(5, shorter.newestFrame());
        assertFalse(shorter.ready(), "ready only when the next frame arrives");
        pushFrame(shorter, 6);
        assertEquals(true, shorter.ready());
        FloatBuffer out = FloatBuffer.allocate(4);
        shorter.copyTo(out, 0);
        assertArrayEquals(new float[] {5, 5.5f, 6, 6.5f}, out.array());

        SlidingWindow longer = SlidingWindow.resized(w, 6, 1);
        assertEquals(2, longer.oldestFrame());
        pushFrame(longer, 6);
        assertFalse(longer.ready(), "5 of 6 frames: not full yet");
        pushFrame(longer, 7);
        assertEquals(true, longer.ready());
        assertEquals(2, longer.oldestFrame());
    }
}
