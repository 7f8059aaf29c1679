package dev.actionstream.synth.scene;

import dev.actionstream.synth.Seeds;

/**
 * Per-pixel, per-frame sensor noise added in place to 8-bit samples. Each frame's noise comes from its own derived
 * seed, so any frame can be rendered alone and still look the same; a small lookup table turns two random bytes into a
 * triangular-distributed offset with the requested standard deviation, so applying it allocates nothing.
 */
public final class SensorNoise {

    /** Standard deviation of (a + b - 255) for two uniform bytes: 255.5 / sqrt(6). */
    private static final double TRIANGLE_SIGMA = 104.3;

    private final long seed;
    private final int[] offset = new int[511];
    private final boolean silent;

    public SensorNoise(double sigma, long seed) {
        if (!(sigma >= 0)) {
            throw new IllegalArgumentException("sigma must be >= 0, got " + sigma);
        }
        this.seed = seed;
        for (int i = 0; i < offset.length; i++) {
            offset[i] = (int) Math.round((i - 255) * sigma / TRIANGLE_SIGMA);
        }
        this.silent = Math.round(255 * sigma / TRIANGLE_SIGMA) == 0;
    }

    /** Adds frame {@code frameIndex}'s noise to the first {@code length} samples of {@code samples}. */
    public void apply(byte[] samples, int length, long frameIndex) {
        if (silent) {
            return;
        }
        long state = Seeds.derive(seed, frameIndex) | 1L;
        int i = 0;
        while (i < length) {
            // xorshift64*: one 64-bit draw gives four samples' noise.
            state ^= state >>> 12;
            state ^= state << 25;
            state ^= state >>> 27;
            long r = state * 0x2545F4914F6CDD1DL;
            for (int k = 0; k < 4 && i < length; k++, i++) {
                int idx = (int) (r & 0xFF) + (int) ((r >>> 8) & 0xFF);
                int v = (samples[i] & 0xFF) + offset[idx];
                samples[i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
                r >>>= 16;
            }
        }
    }
}
