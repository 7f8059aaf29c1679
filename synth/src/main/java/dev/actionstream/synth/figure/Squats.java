package dev.actionstream.synth.figure;

import java.util.SplittableRandom;

import static dev.actionstream.synth.figure.Kinematics.range;

/**
 * Squats seen from the side, on the spot: knees and hips bend deeply and straighten again, the torso leans forward and
 * the arms reach forward for balance as the hips go down and back. The feet stay planted where they are.
 *
 * @param cadenceHz squats (down and up) per second
 * @param phase     cycle phase at t = 0, radians
 * @param thighLow  thigh angle at the bottom, radians forward of straight down (about horizontal)
 * @param shinLow   forward lean of the shins at the bottom, radians
 * @param leanLow   forward torso lean at the bottom, radians
 * @param leanHigh  forward torso lean standing, radians
 * @param armHigh   upper-arm angle standing, radians forward of straight down
 * @param armLow    upper-arm angle at the bottom, radians forward of straight down (about horizontal)
 * @param elbowFlex elbow flexion, radians
 * @param shape     exponent of the depth profile: above 1 lingers at the top, below 1 at the bottom
 */
public record Squats(double cadenceHz, double phase, double thighLow, double shinLow, double leanLow, double leanHigh,
                     double armHigh, double armLow, double elbowFlex, double shape) implements Motion {

    static Squats random(SplittableRandom rnd) {
        return new Squats(range(rnd, 0.4, 0.75), range(rnd, 0, 2 * Math.PI), range(rnd, 1.15, 1.5),
                range(rnd, 0.45, 0.7), range(rnd, 0.35, 0.65), range(rnd, 0.0, 0.08), range(rnd, 0.15, 1.2),
                range(rnd, 1.35, 1.7), range(rnd, 0.05, 0.35), range(rnd, 0.8, 1.4));
    }

    @Override
    public double speed() {
        return 0;
    }

    @Override
    public void pose(double seconds, Physique body, Pose out) {
        double phi = 2 * Math.PI * cadenceHz * seconds + phase;
        double depth = Math.pow(0.5 - 0.5 * Math.cos(phi), shape);
        Kinematics.sideTorso(out, body, leanHigh + depth * (leanLow - leanHigh));
        double thigh = depth * thighLow;
        double shin = -depth * shinLow;
        // The far leg a little behind the near one, so that the two stay apart.
        Kinematics.plantedSideLeg(out, body, 0, thigh * 0.96, shin * 0.96 - 0.04);
        Kinematics.plantedSideLeg(out, body, 1, thigh, shin);
        double arm = armHigh + depth * (armLow - armHigh);
        Kinematics.sideArm(out, body, 0, arm - 0.06, elbowFlex);
        Kinematics.sideArm(out, body, 1, arm, elbowFlex);
        // Feet stay put: the hips travel back as the knees go forward.
        out.shift(-out.x(Pose.ankle(1)));
        Kinematics.ground(out, 0);
    }
}
