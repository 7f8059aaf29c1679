package dev.actionstream.synth.figure;

import java.util.SplittableRandom;

/**
 * One actor's build and clothes. Lengths are in body heights (standing height = 1), so the same physique renders at
 * any frame size; colours are 0xRRGGBB.
 */
public record Physique(
        double headRadius,
        double neck,
        double torso,
        double upperArm,
        double forearm,
        double thigh,
        double shin,
        double ankle,
        double foot,
        double shoulderHalfWidth,
        double hipHalfWidth,
        double limbThickness,
        double torsoThickness,
        int skin,
        int shirt,
        int trousers,
        int shoes,
        boolean longSleeves) {

    private static final int[] SKIN_TONES = {0xF1C27D, 0xE0AC69, 0xC68642, 0x8D5524, 0xFFDBAC, 0xA0522D, 0x6B4423};

    /** A random adult-like build: proportions within about ±10% of the average, standing height exactly 1. */
    public static Physique random(SplittableRandom rnd) {
        double head = range(rnd, 0.060, 0.072);
        double neck = range(rnd, 0.025, 0.040);
        double torso = range(rnd, 0.27, 0.31);
        double thigh = range(rnd, 0.23, 0.26);
        double shin = range(rnd, 0.22, 0.25);
        double ankle = 0.025;
        double total = ankle + shin + thigh + torso + neck + 2 * head;
        double k = 1.0 / total;
        double armScale = range(rnd, 0.95, 1.08);
        return new Physique(
                head * k, neck * k, torso * k,
                0.175 * armScale, 0.155 * armScale,
                thigh * k, shin * k, ankle * k, range(rnd, 0.06, 0.08),
                range(rnd, 0.085, 0.12), range(rnd, 0.055, 0.075),
                range(rnd, 0.035, 0.058), range(rnd, 0.085, 0.125),
                jitter(rnd, SKIN_TONES[rnd.nextInt(SKIN_TONES.length)], 18),
                rnd.nextInt(0x1000000), darkish(rnd), darkish(rnd), rnd.nextBoolean());
    }

    /** Hip height when standing straight. */
    public double standingHipHeight() {
        return ankle + shin + thigh;
    }

    private static double range(SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    private static int darkish(SplittableRandom rnd) {
        int base = rnd.nextInt(0x1000000);
        int r = ((base >> 16) & 0xFF) * 2 / 3;
        int g = ((base >> 8) & 0xFF) * 2 / 3;
        int b = (base & 0xFF) * 2 / 3;
        return (r << 16) | (g << 8) | b;
    }

    private static int jitter(SplittableRandom rnd, int rgb, int amount) {
        int r = clamp(((rgb >> 16) & 0xFF) + rnd.nextInt(-amount, amount + 1));
        int g = clamp(((rgb >> 8) & 0xFF) + rnd.nextInt(-amount, amount + 1));
        int b = clamp((rgb & 0xFF) + rnd.nextInt(-amount, amount + 1));
        return (r << 16) | (g << 8) | b;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
