package dev.actionstream.trainer.predict;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlidingWindowsTest {

    /** Pushes frames whose single float is their index. */
    private static boolean push(SlidingWindows windows, int frame) {
        windows.slot()[0] = frame;
        return windows.advance();
    }

    @Test
    void eachFrameFromTheThirdEndsAWindowOfTheLastThreeFramesOldestFirst() {
        SlidingWindows windows = new SlidingWindows(3, 1);
        float[] window = new float[3];

        assertFalse(push(windows, 0));
        assertFalse(push(windows, 1));
        assertTrue(push(windows, 2));
        windows.copyWindow(window);
        assertArrayEquals(new float[] {0, 1, 2}, window);
        assertTrue(push(windows, 3));
        assertTrue(push(windows, 4));
        windows.copyWindow(window);
        assertArrayEquals(new float[] {2, 3, 4}, window);
        assertFalse(windows.copyPaddedWindow(window), "a full window was formed: no padded one");
    }

    @Test
    void aVideoShorterThanAWindowIsPaddedWithItsLastFrame() {
        SlidingWindows windows = new SlidingWindows(4, 1);
        float[] window = new float[4];
        push(windows, 7);
        push(windows, 8);

        assertTrue(windows.copyPaddedWindow(window));
        assertArrayEquals(new float[] {7, 8, 8, 8}, window);
        assertEquals(2, windows.framesSeen());
        assertThrows(IllegalStateException.class, () -> windows.copyWindow(window));
    }

    @Test
    void noFramesGiveNoWindow() {
        assertFalse(new SlidingWindows(2, 1).copyPaddedWindow(new float[2]));
    }
}
