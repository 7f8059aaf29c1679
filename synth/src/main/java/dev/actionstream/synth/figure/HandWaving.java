package dev.actionstream.synth.figure;

import java.util.SplittableRandom;

import static dev.actionstream.synth.figure.Kinematics.range;

/**
 * Waving both arms overhead, seen from the front: each arm sweeps an arc between the side and above the head.
 *
 * @param cadenceHz  waves per second
 * @param phase      cycle phase at t = 0, radians
 * @param centre     mid-sweep upper-arm angle, radians outward of straight down
 * @param amplitude  half the sweep, radians
 * @param elbowBend  outward forearm bend, radians
 * @param lag        phase lag of the left arm, radians
 * @param stance     outward thigh angle, radians
 */
public record HandWaving(double cadenceHz, double phase, double centre, double amplitude, double elbowBend, double lag,
                         double stance) implements Motion {

    static HandWaving random(SplittableRandom rnd) {
        return new HandWaving(range(rnd, 0.7, 1.3), range(rnd, 0, 2 * Math.PI), range(rnd, 2.05, 2.4),
                range(rnd, 0.5, 0.75), range(rnd, 0.1, 0.5), range(rnd, 0, 0.35), range(rnd, 0.03, 0.1));
    }

    @Override
    public double speed() {
        return 0;
    }

    @Override
    public void pose(double seconds, Physique body, Pose out) {
        double phi = 2 * Math.PI * cadenceHz * seconds + phase;
        Kinematics.frontalTorso(out, body, 0.02 * Math.sin(phi));
        for (int side = 0; side < 2; side++) {
            double p = phi + (side == 0 ? lag : 0);
            double upper = centre + amplitude * Math.sin(p);
            Kinematics.frontalArm(out, body, side, upper, upper + elbowBend * (0.6 + 0.4 * Math.sin(p + 0.8)));
            Kinematics.frontalLeg(out, body, side, stance);
        }
        Kinematics.ground(out, 0);
    }
}
