package dev.actionstream.synth.scene;

import dev.actionstream.synth.Action;

import java.util.SplittableRandom;

/**
 * Where and how one clip is filmed. Sizes are fractions of the frame height (positions of the frame width or height),
 * so one staging renders at any resolution; the three seeds drive the backdrop, the sensor noise and the camera shake.
 *
 * @param figureHeight standing height of the actor, fraction of the frame height
 * @param groundLine   y of the ground under the actor, fraction of the frame height from the top
 * @param startX       actor's x at t = 0, fraction of the frame width
 * @param facing       +1: faces (and walks) right at t = 0; -1: left
 * @param shake        largest camera shake per frame, fraction of the frame height
 * @param noiseSigma   standard deviation of the sensor noise, grey levels
 */
public record Staging(double figureHeight, double groundLine, double startX, int facing, double shake,
                      double noiseSigma, long backdropSeed, long noiseSeed, long shakeSeed) {

    public Staging {
        if (!(figureHeight > 0 && figureHeight <= 1)) {
            throw new IllegalArgumentException("figureHeight must be in (0, 1], got " + figureHeight);
        }
        if (facing != 1 && facing != -1) {
            throw new IllegalArgumentException("facing must be +1 or -1, got " + facing);
        }
        if (!(noiseSigma >= 0) || !(shake >= 0)) {
            throw new IllegalArgumentException("noiseSigma and shake must be >= 0");
        }
    }

    /**
     * A random staging; actions seen from the front are filmed a little closer, as in KTH, and actions on the spot
     * keep away from the frame's edges.
     */
    public static Staging random(Action action, SplittableRandom rnd) {
        boolean frontal = action == Action.HANDWAVING || action == Action.HANDCLAPPING || action == Action.JUMPINGJACKS;
        double height = frontal ? range(rnd, 0.50, 0.72) : range(rnd, 0.40, 0.62);
        // Keep raised hands (about 1.2 body heights above the ground, more at the top of a jumping jack's hop) inside
        // the frame.
        double raised = action == Action.JUMPINGJACKS ? 1.25 : 1.2;
        double lowestGround = Math.min(0.96, raised * height + 0.03);
        double ground = range(rnd, Math.max(0.78, lowestGround), 0.97);
        double startX = frontal || !action.isLocomotion() ? range(rnd, 0.3, 0.7) : range(rnd, 0.15, 0.85);
        return new Staging(height, ground, startX, rnd.nextBoolean() ? 1 : -1, range(rnd, 0, 0.015),
                range(rnd, 1.0, 6.0), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
    }

    private static double range(SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }
}
