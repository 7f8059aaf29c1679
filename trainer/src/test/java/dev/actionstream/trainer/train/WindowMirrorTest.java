package dev.actionstream.trainer.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowMirrorTest {

    @Test
    void flipsEveryRowOfEveryPlaneLeftToRight() {
        // 2 planes of 2 rows x 3 columns
        float[] window = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        float[] mirrored = new WindowMirror(2, 2, 3, 1).mirrored(window);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, mirrored);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, window, "the stored window is untouched");
    }

    @Test
    void mirrorsAboutHalfTheWindowsAndTheSameOnesForTheSameSeed() {
        float[] window = {1, 2};
        WindowMirror a = new WindowMirror(1, 1, 2, 42);
        WindowMirror b = new WindowMirror(1, 1, 2, 42);
        int flipped = 0;
        for (int i = 0; i < 1000; i++) {
            float[] x = a.apply(window);
            float[] y = b.apply(window);
            assertArrayEquals(x, y);
            if (x != window) {
                flipped++;
                assertArrayEquals(new float[] {2, 1}, x);
            } else {
                assertSame(window, x);
            }
        }
        assertTrue(flipped > 430 && flipped < 570, "flipped " + flipped + " of 1000");
    }

    @Test
    void rejectsAWindowOfTheWrongSize() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowMirror(2, 2, 3, 1).mirrored(new float[5]));
        assertEquals("window of 5 floats, expected 12", e.getMessage());
    }
}
