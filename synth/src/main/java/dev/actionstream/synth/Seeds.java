package dev.actionstream.synth;

/**
 * Deterministic seed derivation (SplitMix64's finaliser), so that every clip, segment and frame gets its own
 * reproducible stream of randomness from one user-supplied seed without any shared {@code Random}.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** A well-mixed 64-bit value of {@code z}; a bijection, so distinct inputs never collide. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The seed of child {@code index} of {@code parent}. */
    public static long derive(long parent, long index) {
        return mix(mix(parent) + (index + 1) * GOLDEN_GAMMA);
    }

    /** The seed of grandchild {@code (a, b)} of {@code parent}. */
    public static long derive(long parent, long a, long b) {
        return derive(derive(parent, a), b);
    }
}
