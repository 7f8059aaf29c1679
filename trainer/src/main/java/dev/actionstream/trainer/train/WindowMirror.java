package dev.actionstream.trainer.train;

import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Training-time augmentation: each window is flipped left to right with probability 1/2, every frame alike, so an
 * actor walking right also teaches walking left. Draws come from their own seeded generator: the same seed gives the
 * same flips, and turning the option on does not change the shuffle order.
 */
final class WindowMirror implements UnaryOperator<float[]> {

    private final int planes;
    private final int height;
    private final int width;
    private final Random random;

    /** @param planes frames x channels: the number of {@code height x width} planes in one window */
    WindowMirror(int planes, int height, int width, long seed) {
        this.planes = planes;
        this.height = height;
        this.width = width;
        this.random = new Random(seed ^ 0x6D6972726F72L);
    }

    /** Returns {@code window} itself or a mirrored copy; the stored window is never changed. */
    @Override
    public float[] apply(float[] window) {
        return random.nextBoolean() ? mirrored(window) : window;
    }

    float[] mirrored(float[] window) {
        if (window.length != planes * height * width) {
            throw new IllegalArgumentException("window of " + window.length + " floats, expected "
                    + planes * height * width);
        }
        float[] out = new float[window.length];
        for (int row = 0; row < planes * height; row++) {
            int base = row * width;
            for (int x = 0; x < width; x++) {
                out[base + x] = window[base + width - 1 - x];
            }
        }
        return out;
    }
}
