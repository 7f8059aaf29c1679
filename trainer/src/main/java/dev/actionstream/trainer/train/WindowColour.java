package dev.actionstream.trainer.train;

import dev.actionstream.config.Normalisation;

import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * Training-time augmentation: each window gets its own colour cast, every frame alike: a random order of the colour
 * channels and a gain per channel within {@code 1 ± strength}. A few people in a few dozen clips otherwise teach a
 * model their shirts; with the cast the colours stop telling one action from another, the shapes and motion do not
 * change. Works in the model's normalised values (the window as the trainer holds it) and keeps samples within the
 * 8-bit range. Draws come from their own seeded generator, as {@link WindowMirror}'s.
 */
final class WindowColour implements UnaryOperator<float[]> {

    private final int frames;
    private final int channels;
    private final int plane;
    private final float[] mean;
    private final float[] std;
    private final double strength;
    private final Random random;

    /**
     * @param strength largest relative change of a channel's gain, within (0, 1)
     */
    WindowColour(int frames, int channels, int height, int width, Normalisation normalisation, double strength,
                 long seed) {
        if (channels < 2) {
            throw new IllegalArgumentException("a colour cast needs colour frames, got " + channels + " channel");
        }
        if (!(strength > 0 && strength < 1)) {
            throw new IllegalArgumentException("colour strength must be within (0, 1), got " + strength);
        }
        this.frames = frames;
        this.channels = channels;
        this.plane = height * width;
        this.mean = perChannel(normalisation.mean(), channels);
        this.std = perChannel(normalisation.std(), channels);
        this.strength = strength;
        this.random = new Random(seed ^ 0x636F6C6F7572L);
    }

    /** A recoloured copy of {@code window}; the stored window is never changed. */
    @Override
    public float[] apply(float[] window) {
        if (window.length != frames * channels * plane) {
            throw new IllegalArgumentException("window of " + window.length + " floats, expected "
                    + frames * channels * plane);
        }
        int[] from = new int[channels];
        for (int c = 0; c < channels; c++) {
            from[c] = c;
        }
        for (int c = channels - 1; c > 0; c--) {
            int j = random.nextInt(c + 1);
            int t = from[c];
            from[c] = from[j];
            from[j] = t;
        }
        float[] gain = new float[channels];
        for (int c = 0; c < channels; c++) {
            gain[c] = (float) (1 + strength * (2 * random.nextDouble() - 1));
        }
        float[] out = new float[window.length];
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < channels; c++) {
                int src = (t * channels + from[c]) * plane;
                int dst = (t * channels + c) * plane;
                float sm = mean[from[c]];
                float ss = std[from[c]];
                float dm = mean[c];
                float ds = std[c];
                float g = gain[c];
                for (int i = 0; i < plane; i++) {
                    float sample = Math.min(1f, Math.max(0f, (window[src + i] * ss + sm) * g));
                    out[dst + i] = (sample - dm) / ds;
                }
            }
        }
        return out;
    }

    private static float[] perChannel(float[] values, int channels) {
        float[] out = new float[channels];
        for (int c = 0; c < channels; c++) {
            out[c] = values.length == 1 ? values[0] : values[c];
        }
        return out;
    }
}
