package dev.actionstream.synth.figure;

import java.util.SplittableRandom;

import static dev.actionstream.synth.figure.Kinematics.range;

/**
 * Boxing seen from the side: a guard with both fists near the chin and alternating straight punches forward, feet
 * apart, a slight bob.
 *
 * @param cadenceHz     punch pairs (left + right) per second
 * @param phase         cycle phase at t = 0, radians
 * @param guardShoulder upper-arm angle in guard, radians forward of straight down
 * @param guardElbow    elbow flexion in guard, radians
 * @param reach         fraction of a full extension reached by a punch
 * @param snap          exponent that makes punches short and sharp (larger is snappier)
 * @param lean          forward torso lean, radians
 * @param stance        thigh angle of the front leg, radians
 * @param bob           vertical bob, body heights
 */
public record Boxing(double cadenceHz, double phase, double guardShoulder, double guardElbow, double reach,
                     double snap, double lean, double stance, double bob) implements Motion {

    /** Upper-arm angle of a full punch: about horizontal. */
    private static final double PUNCH_SHOULDER = 1.5;

    static Boxing random(SplittableRandom rnd) {
        return new Boxing(range(rnd, 0.8, 1.4), range(rnd, 0, 2 * Math.PI), range(rnd, 0.45, 0.8),
                range(rnd, 2.0, 2.4), range(rnd, 0.8, 1.0), range(rnd, 1.5, 3.0), range(rnd, 0.05, 0.18),
                range(rnd, 0.15, 0.3), range(rnd, 0.004, 0.012));
    }

    @Override
    public double speed() {
        return 0;
    }

    @Override
    public void pose(double seconds, Physique body, Pose out) {
        double phi = 2 * Math.PI * cadenceHz * seconds + phase;
        double jab0 = reach * Math.pow(Math.max(0, Math.sin(phi)), snap);
        double jab1 = reach * Math.pow(Math.max(0, Math.sin(phi + Math.PI)), snap);
        Kinematics.sideTorso(out, body, lean + 0.06 * (jab0 + jab1));
        Kinematics.sideLeg(out, body, 0, -0.9 * stance, 0.18);
        Kinematics.sideLeg(out, body, 1, stance, 0.12);
        arm(out, body, 0, jab0);
        arm(out, body, 1, jab1);
        Kinematics.ground(out, bob * (0.5 + 0.5 * Math.sin(2 * phi)));
    }

    private void arm(Pose out, Physique body, int side, double extension) {
        double shoulder = guardShoulder + extension * (PUNCH_SHOULDER - guardShoulder);
        double elbow = guardElbow * (1 - extension) + 0.08 * extension;
        Kinematics.sideArm(out, body, side, shoulder, elbow);
    }
}
