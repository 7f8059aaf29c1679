package dev.actionstream.synth.figure;

/**
 * Joint positions of one figure at one instant, in body heights with the origin on the ground under the pelvis and
 * y pointing up. Mutable and reused from frame to frame: motions overwrite every joint.
 *
 * <p>Side-view poses have x pointing the way the figure faces; frontal poses have x pointing to image right. Side
 * {@code 0} is the far (side view) or image-left (frontal) limb, side {@code 1} the near or image-right one.
 *
 * <p>Angles are measured from straight down, positive towards +x: a segment of length {@code l} at angle {@code a}
 * ends {@code (l sin a, -l cos a)} from where it starts.
 */
public final class Pose {

    public static final int HEAD = 0;
    public static final int NECK = 1;
    public static final int PELVIS = 2;
    private static final int SHOULDER = 3;
    private static final int ELBOW = 5;
    private static final int HAND = 7;
    private static final int HIP = 9;
    private static final int KNEE = 11;
    private static final int ANKLE = 13;
    private static final int TOE = 15;
    public static final int JOINTS = 17;

    private final double[] x = new double[JOINTS];
    private final double[] y = new double[JOINTS];
    private boolean frontal;

    public static int shoulder(int side) {
        return SHOULDER + side;
    }

    public static int elbow(int side) {
        return ELBOW + side;
    }

    public static int hand(int side) {
        return HAND + side;
    }

    public static int hip(int side) {
        return HIP + side;
    }

    public static int knee(int side) {
        return KNEE + side;
    }

    public static int ankle(int side) {
        return ANKLE + side;
    }

    public static int toe(int side) {
        return TOE + side;
    }

    public double x(int joint) {
        return x[joint];
    }

    public double y(int joint) {
        return y[joint];
    }

    public boolean frontal() {
        return frontal;
    }

    void frontal(boolean value) {
        frontal = value;
    }

    void set(int joint, double px, double py) {
        x[joint] = px;
        y[joint] = py;
    }

    /** Places {@code to} at {@code length} from {@code from} along {@code angle}. */
    void segment(int from, int to, double angle, double length) {
        x[to] = x[from] + Math.sin(angle) * length;
        y[to] = y[from] - Math.cos(angle) * length;
    }

    /** Moves every joint up by {@code dy}. */
    void lift(double dy) {
        for (int j = 0; j < JOINTS; j++) {
            y[j] += dy;
        }
    }

    /** Moves every joint right by {@code dx}. */
    void shift(double dx) {
        for (int j = 0; j < JOINTS; j++) {
            x[j] += dx;
        }
    }

    /** Lowest y over both ankles and toes: what must touch the ground while standing. */
    double lowestFoot() {
        return Math.min(Math.min(y[ANKLE], y[ANKLE + 1]), Math.min(y[TOE], y[TOE + 1]));
    }

    /**
     * Two-link inverse kinematics for an arm: puts the hand of {@code side} as close to {@code (tx, ty)} as the
     * lengths allow, bending the elbow towards {@code outward} (+1: +x, -1: -x).
     */
    void reach(int side, double tx, double ty, double upper, double lower, int outward) {
        int s = shoulder(side);
        double dx = tx - x[s];
        double dy = ty - y[s];
        double d = Math.hypot(dx, dy);
        double dMin = Math.abs(upper - lower) + 1e-6;
        double dMax = upper + lower - 1e-6;
        double dc = Math.max(dMin, Math.min(dMax, d));
        double toTarget = Math.atan2(dx, -dy);
        double cos = (upper * upper + dc * dc - lower * lower) / (2 * upper * dc);
        double bend = Math.acos(Math.max(-1, Math.min(1, cos)));
        double a1 = toTarget + bend;
        double a2 = toTarget - bend;
        double upperAngle = outward * Math.sin(a1) >= outward * Math.sin(a2) ? a1 : a2;
        segment(s, elbow(side), upperAngle, upper);
        int e = elbow(side);
        double lowerAngle = Math.atan2(tx - x[e], -(ty - y[e]));
        segment(e, hand(side), lowerAngle, lower);
    }
}
