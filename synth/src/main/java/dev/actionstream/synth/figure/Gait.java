package dev.actionstream.synth.figure;

import dev.actionstream.synth.Action;

import java.util.SplittableRandom;

import static dev.actionstream.synth.figure.Kinematics.range;

/**
 * Walking, jogging and running seen from the side. The three share one pose model and draw its amplitudes from
 * heavily overlapping ranges, so that a single frame cannot tell them apart: what differs is the cadence, the stride
 * (hence the speed) and a subtle flight phase of the two faster gaits. A temporal model has to see motion to separate
 * them.
 *
 * @param cadenceHz  gait cycles (two steps) per second
 * @param speed      body heights per second
 * @param phase      cycle phase at t = 0, radians
 * @param thighSwing thigh amplitude, radians
 * @param kneeFlex   extra knee flexion during swing, radians
 * @param kneeBase   knee flexion throughout, radians
 * @param armSwing   upper-arm amplitude, radians
 * @param elbowBase  elbow flexion throughout, radians
 * @param elbowSwing extra elbow flexion with the arm forward, radians
 * @param lean       forward torso lean, radians
 * @param flight     height of the airborne bounce twice per cycle, body heights (0 for walking)
 */
public record Gait(double cadenceHz, double speed, double phase, double thighSwing, double kneeFlex, double kneeBase,
                   double armSwing, double elbowBase, double elbowSwing, double lean, double flight) implements Motion {

    static Gait random(Action action, SplittableRandom rnd) {
        // Ranges overlap on purpose; only cadence and stride are separated (see the class comment).
        double cadence;
        double stride;
        double flight;
        double shift;
        switch (action) {
            case WALKING -> {
                cadence = range(rnd, 0.80, 1.00);
                stride = range(rnd, 0.70, 0.90);
                flight = 0;
                shift = 0.00;
            }
            case JOGGING -> {
                cadence = range(rnd, 1.15, 1.38);
                stride = range(rnd, 0.95, 1.15);
                flight = range(rnd, 0.004, 0.012);
                shift = 0.02;
            }
            case RUNNING -> {
                cadence = range(rnd, 1.55, 1.85);
                stride = range(rnd, 1.20, 1.45);
                flight = range(rnd, 0.006, 0.016);
                shift = 0.04;
            }
            default -> throw new IllegalArgumentException(action + " is not a gait");
        }
        return new Gait(cadence, cadence * stride, range(rnd, 0, 2 * Math.PI),
                range(rnd, 0.36, 0.56) + shift,
                range(rnd, 0.60, 1.10) + 2 * shift,
                range(rnd, 0.04, 0.18),
                range(rnd, 0.25, 0.60) + shift,
                range(rnd, 0.20, 1.20) + 2 * shift,
                range(rnd, 0.10, 0.40),
                range(rnd, 0.00, 0.12) + shift,
                flight);
    }

    @Override
    public void pose(double seconds, Physique body, Pose out) {
        double phi = 2 * Math.PI * cadenceHz * seconds + phase;
        Kinematics.sideTorso(out, body, lean + 0.02 * Math.sin(2 * phi));
        for (int side = 0; side < 2; side++) {
            double p = phi + side * Math.PI;
            double thigh = thighSwing * (Math.sin(p) + 0.08 * Math.sin(2 * p));
            double swing = 0.5 + 0.5 * Math.cos(p + 0.7);
            Kinematics.sideLeg(out, body, side, thigh, kneeBase + kneeFlex * swing * swing);
            // An arm swings against the leg on its own side.
            Kinematics.sideArm(out, body, side, -armSwing * Math.sin(p), elbowBase + elbowSwing * (0.5 - 0.5 * Math.sin(p)));
        }
        Kinematics.ground(out, flight * Math.max(0, Math.sin(2 * phi)));
    }
}
