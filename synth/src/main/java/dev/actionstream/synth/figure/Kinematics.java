package dev.actionstream.synth.figure;

/** Forward kinematics shared by the motions: places torso, legs and arms of a {@link Pose} from joint angles. */
final class Kinematics {

    /** Foot angle relative to the shin: a little short of a right angle, toes slightly down. */
    private static final double FOOT_TO_SHIN = 1.45;

    private Kinematics() {
    }

    static void sideTorso(Pose p, Physique b, double lean) {
        p.frontal(false);
        double hipY = b.standingHipHeight();
        p.set(Pose.PELVIS, 0, hipY);
        p.set(Pose.hip(0), 0, hipY);
        p.set(Pose.hip(1), 0, hipY);
        p.segment(Pose.PELVIS, Pose.shoulder(0), Math.PI - lean, b.torso());
        p.segment(Pose.PELVIS, Pose.shoulder(1), Math.PI - lean, b.torso());
        p.segment(Pose.shoulder(1), Pose.NECK, Math.PI - lean, b.neck());
        p.segment(Pose.NECK, Pose.HEAD, Math.PI - lean * 0.5, b.headRadius());
    }

    static void sideLeg(Pose p, Physique b, int side, double thighAngle, double kneeFlex) {
        p.segment(Pose.hip(side), Pose.knee(side), thighAngle, b.thigh());
        double shinAngle = thighAngle - kneeFlex;
        p.segment(Pose.knee(side), Pose.ankle(side), shinAngle, b.shin());
        p.segment(Pose.ankle(side), Pose.toe(side), shinAngle + FOOT_TO_SHIN, b.foot());
    }

    /** A side-view leg whose foot stays flat on the ground whatever the shin's angle (squatting, not stepping). */
    static void plantedSideLeg(Pose p, Physique b, int side, double thighAngle, double shinAngle) {
        p.segment(Pose.hip(side), Pose.knee(side), thighAngle, b.thigh());
        p.segment(Pose.knee(side), Pose.ankle(side), shinAngle, b.shin());
        p.segment(Pose.ankle(side), Pose.toe(side), FOOT_TO_SHIN, b.foot());
    }

    static void sideArm(Pose p, Physique b, int side, double shoulderAngle, double elbowFlex) {
        p.segment(Pose.shoulder(side), Pose.elbow(side), shoulderAngle, b.upperArm());
        p.segment(Pose.elbow(side), Pose.hand(side), shoulderAngle + elbowFlex, b.forearm());
    }

    static void frontalTorso(Pose p, Physique b, double tilt) {
        p.frontal(true);
        double hipY = b.standingHipHeight();
        p.set(Pose.PELVIS, 0, hipY);
        p.set(Pose.hip(0), -b.hipHalfWidth(), hipY);
        p.set(Pose.hip(1), b.hipHalfWidth(), hipY);
        double sx = Math.sin(tilt) * b.torso();
        double sy = hipY + Math.cos(tilt) * b.torso();
        p.set(Pose.shoulder(0), sx - b.shoulderHalfWidth(), sy);
        p.set(Pose.shoulder(1), sx + b.shoulderHalfWidth(), sy);
        p.set(Pose.NECK, sx, sy);
        p.segment(Pose.NECK, Pose.HEAD, Math.PI - tilt, b.neck() + b.headRadius());
    }

    /** Side 0 is image left, so "outward" is -x for it and +x for side 1. */
    static int outward(int side) {
        return side == 0 ? -1 : 1;
    }

    static void frontalLeg(Pose p, Physique b, int side, double outwardAngle) {
        int o = outward(side);
        p.segment(Pose.hip(side), Pose.knee(side), o * outwardAngle, b.thigh());
        p.segment(Pose.knee(side), Pose.ankle(side), o * outwardAngle * 0.5, b.shin());
        p.segment(Pose.ankle(side), Pose.toe(side), o * (Math.PI / 2), b.foot() * 0.45);
    }

    static void frontalArm(Pose p, Physique b, int side, double upperOutward, double lowerOutward) {
        int o = outward(side);
        p.segment(Pose.shoulder(side), Pose.elbow(side), o * upperOutward, b.upperArm());
        p.segment(Pose.elbow(side), Pose.hand(side), o * lowerOutward, b.forearm());
    }

    /** Shifts the pose vertically so that the lowest foot point touches the ground, then lifts it by {@code air}. */
    static void ground(Pose p, double air) {
        p.lift(-p.lowestFoot() + air);
    }

    static double range(java.util.SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }
}
