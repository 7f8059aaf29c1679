package dev.actionstream.synth.figure;

import java.util.SplittableRandom;

import static dev.actionstream.synth.figure.Kinematics.range;

/**
 * Jumping jacks seen from the front, on the spot: both arms swing together from the sides to above the head while the
 * legs spread, then back while the legs close, with a small hop at each change.
 *
 * @param cadenceHz  jacks (open and close) per second
 * @param phase      cycle phase at t = 0, radians
 * @param armLow     upper-arm angle with the legs closed, radians outward of straight down
 * @param armHigh    upper-arm angle with the legs spread, radians outward of straight down (about overhead)
 * @param elbowBend  outward forearm bend, radians
 * @param legClosed  outward thigh angle with the legs closed, radians
 * @param legSpread  outward thigh angle with the legs spread, radians
 * @param bounce     height of the hop, body heights
 */
public record JumpingJacks(double cadenceHz, double phase, double armLow, double armHigh, double elbowBend,
                           double legClosed, double legSpread, double bounce) implements Motion {

    static JumpingJacks random(SplittableRandom rnd) {
        return new JumpingJacks(range(rnd, 0.9, 1.5), range(rnd, 0, 2 * Math.PI), range(rnd, 0.12, 0.35),
                range(rnd, 2.65, 2.95), range(rnd, 0.05, 0.3), range(rnd, 0.02, 0.06), range(rnd, 0.24, 0.38),
                range(rnd, 0.015, 0.035));
    }

    @Override
    public double speed() {
        return 0;
    }

    @Override
    public void pose(double seconds, Physique body, Pose out) {
        double phi = 2 * Math.PI * cadenceHz * seconds + phase;
        double open = 0.5 - 0.5 * Math.cos(phi);
        Kinematics.frontalTorso(out, body, 0);
        double upper = armLow + open * (armHigh - armLow);
        // Past straight up the forearms would cross: overhead the hands meet instead.
        double lower = Math.min(Math.PI - 0.02, upper + elbowBend);
        double thigh = legClosed + open * (legSpread - legClosed);
        for (int side = 0; side < 2; side++) {
            Kinematics.frontalArm(out, body, side, upper, lower);
            Kinematics.frontalLeg(out, body, side, thigh);
        }
        // Airborne while the limbs move, landing as they reach the open and the closed position.
        Kinematics.ground(out, bounce * Math.abs(Math.sin(phi)));
    }
}
