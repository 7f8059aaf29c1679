package dev.actionstream.trainer.train;

import dev.actionstream.config.Normalisation;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowColourTest {

    private static final Normalisation NORMALISATION = new Normalisation(new float[] {0.5f}, new float[] {0.25f});
    private static final int FRAMES = 3;
    private static final int SIDE = 4;
    private static final int PLANE = SIDE * SIDE;
    /** Blue, green and red samples of every pixel, in [0, 1]: far enough apart that gains cannot confuse them. */
    private static final float[] SAMPLES = {0.15f, 0.45f, 0.85f};

    private static float[] window() {
        float[] w = new float[FRAMES * 3 * PLANE];
        for (int t = 0; t < FRAMES; t++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < PLANE; i++) {
                    w[(t * 3 + c) * PLANE + i] = (SAMPLES[c] - 0.5f) / 0.25f;
                }
            }
        }
        return w;
    }

    /** Which input channel each output channel came from, the same for every frame and pixel. */
    private static int[] sources(float[] out, double strength) {
        int[] from = new int[3];
        for (int c = 0; c < 3; c++) {
            from[c] = -1;
            for (int t = 0; t < FRAMES; t++) {
                for (int i = 0; i < PLANE; i++) {
                    float sample = out[(t * 3 + c) * PLANE + i] * 0.25f + 0.5f;
                    assertTrue(sample >= 0 && sample <= 1, "sample within the 8-bit range: " + sample);
                    int match = -1;
                    for (int s = 0; s < 3; s++) {
                        if (sample >= Math.min(1, SAMPLES[s] * (1 - strength)) - 1e-5
                                && sample <= Math.min(1, SAMPLES[s] * (1 + strength)) + 1e-5) {
                            match = s;
                        }
                    }
                    assertTrue(match >= 0, "channel " + c + " value " + sample + " is no input channel with a gain");
                    if (from[c] < 0) {
                        from[c] = match;
                    }
                    assertEquals(from[c], match, "every frame and pixel of a window gets the same cast");
                }
            }
        }
        return from;
    }

    @Test
    void recoloursAWindowWithOneChannelOrderAndGainForAllItsFrames() {
        WindowColour colour = new WindowColour(FRAMES, 3, SIDE, SIDE, NORMALISATION, 0.2, 27);
        float[] stored = window();
        Set<String> orders = new HashSet<>();
        for (int draw = 0; draw < 40; draw++) {
            float[] out = colour.apply(stored);
            int[] from = sources(out, 0.2);
            assertEquals(3, Set.of(from[0], from[1], from[2]).size(), "a permutation of the channels");
            orders.add(from[0] + "" + from[1] + from[2]);
        }
        assertArrayEquals(window(), stored, "the stored window is never changed");
        assertTrue(orders.size() >= 4, "casts differ from window to window: " + orders);
    }

    @Test
    void theSameSeedGivesTheSameCasts() {
        float[] w = window();
        assertArrayEquals(new WindowColour(FRAMES, 3, SIDE, SIDE, NORMALISATION, 0.3, 5).apply(w),
                new WindowColour(FRAMES, 3, SIDE, SIDE, NORMALISATION, 0.3, 5).apply(w));
    }

    @Test
    void refusesGreyFramesAndStrengthsOutsideTheRange() {
        assertThrows(IllegalArgumentException.class, () -> new WindowColour(FRAMES, 1, SIDE, SIDE, NORMALISATION, 0.2, 1));
        assertThrows(IllegalArgumentException.class, () -> new WindowColour(FRAMES, 3, SIDE, SIDE, NORMALISATION, 1.0, 1));
        WindowColour colour = new WindowColour(FRAMES, 3, SIDE, SIDE, NORMALISATION, 0.2, 1);
        assertThrows(IllegalArgumentException.class, () -> colour.apply(new float[5]));
    }
}
