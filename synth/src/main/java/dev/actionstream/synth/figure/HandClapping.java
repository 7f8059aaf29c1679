package dev.actionstream.synth.figure;

import java.util.SplittableRandom;

import static dev.actionstream.synth.figure.Kinematics.range;

/**
 * Clapping seen from the front: the hands meet in front of the chest and part again. The elbows come forward towards
 * the camera, so the arms are drawn foreshortened and placed by inverse kinematics.
 *
 * @param cadenceHz    claps per second
 * @param phase        cycle phase at t = 0, radians
 * @param gap          largest distance of each hand from the body's mid-line, body heights
 * @param chestDrop    height of the clap below the shoulders, body heights
 * @param dwell        exponent: how long the hands stay apart (larger: shorter contact)
 * @param foreshorten  projected fraction of the arm lengths
 * @param stance       outward thigh angle, radians
 */
public record HandClapping(double cadenceHz, double phase, double gap, double chestDrop, double dwell,
                           double foreshorten, double stance) implements Motion {

    /** Half-width of two touching hands. */
    private static final double CONTACT = 0.015;

    static HandClapping random(SplittableRandom rnd) {
        return new HandClapping(range(rnd, 1.2, 2.2), range(rnd, 0, 2 * Math.PI), range(rnd, 0.08, 0.16),
                range(rnd, 0.06, 0.14), range(rnd, 2, 5), range(rnd, 0.7, 0.9), range(rnd, 0.03, 0.1));
    }

    @Override
    public double speed() {
        return 0;
    }

    @Override
    public void pose(double seconds, Physique body, Pose out) {
        double phi = 2 * Math.PI * cadenceHz * seconds + phase;
        Kinematics.frontalTorso(out, body, 0);
        double apart = gap * (1 - Math.pow(0.5 + 0.5 * Math.cos(phi), dwell));
        double handY = out.y(Pose.shoulder(0)) - chestDrop;
        for (int side = 0; side < 2; side++) {
            int o = Kinematics.outward(side);
            out.reach(side, o * (CONTACT + apart), handY, body.upperArm() * foreshorten,
                    body.forearm() * foreshorten, o);
            Kinematics.frontalLeg(out, body, side, stance);
        }
        Kinematics.ground(out, 0);
    }
}
