package dev.actionstream.synth.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;

/**
 * Draws a {@link Pose} as an articulated figure with Java2D: round-capped thick limbs, a torso, a head, hands and
 * feet, far limbs shaded darker and drawn first. Strokes, colours and shapes are made once per actor and reused, so
 * painting a frame allocates nothing of ours.
 */
public final class FigurePainter {

    private static final float FAR_SHADE = 0.72f;

    private final Physique body;
    private final double scale;
    private final BasicStroke thighStroke;
    private final BasicStroke shinStroke;
    private final BasicStroke upperArmStroke;
    private final BasicStroke forearmStroke;
    private final BasicStroke footStroke;
    private final BasicStroke torsoStroke;
    private final BasicStroke neckStroke;
    private final Color[] skin;
    private final Color[] shirt;
    private final Color[] trousers;
    private final Color[] shoes;
    private final double handRadius;
    private final double headRadius;
    private final double[] sx = new double[Pose.JOINTS];
    private final double[] sy = new double[Pose.JOINTS];
    private final Line2D.Double line = new Line2D.Double();
    private final Ellipse2D.Double disc = new Ellipse2D.Double();
    private final Path2D.Double torsoShape = new Path2D.Double();

    /**
     * @param body  the actor
     * @param scale pixels per body height
     */
    public FigurePainter(Physique body, double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        this.body = body;
        this.scale = scale;
        float limb = (float) Math.max(1.0, body.limbThickness() * scale);
        thighStroke = round(limb * 1.15f);
        shinStroke = round(limb);
        upperArmStroke = round(limb * 0.85f);
        forearmStroke = round(limb * 0.75f);
        footStroke = round(limb * 0.7f);
        torsoStroke = round((float) Math.max(1.5, body.torsoThickness() * scale));
        neckStroke = round(limb * 0.7f);
        skin = shades(body.skin());
        shirt = shades(body.shirt());
        trousers = shades(body.trousers());
        shoes = shades(body.shoes());
        handRadius = Math.max(0.6, limb * 0.55);
        headRadius = Math.max(1.0, body.headRadius() * scale);
    }

    /**
     * Paints {@code pose} with its ground origin at pixel {@code (originX, groundY)}.
     *
     * @param facing +1 to face image right, -1 to face left (ignored for frontal poses)
     */
    public void paint(Graphics2D g, Pose pose, double originX, double groundY, int facing) {
        int f = pose.frontal() ? 1 : facing;
        for (int j = 0; j < Pose.JOINTS; j++) {
            sx[j] = originX + f * pose.x(j) * scale;
            sy[j] = groundY - pose.y(j) * scale;
        }
        if (pose.frontal()) {
            leg(g, 0, 1);
            leg(g, 1, 1);
            frontalTorso(g);
            arm(g, 0, 1);
            arm(g, 1, 1);
        } else {
            arm(g, 0, 0);
            leg(g, 0, 0);
            stroke(g, torsoStroke, shirt[1], Pose.PELVIS, Pose.shoulder(1));
            leg(g, 1, 1);
            arm(g, 1, 1);
        }
        stroke(g, neckStroke, skin[1], Pose.shoulder(1), Pose.NECK);
        if (pose.frontal()) {
            stroke(g, neckStroke, skin[1], Pose.shoulder(0), Pose.NECK);
        }
        g.setColor(skin[1]);
        disc.setFrame(sx[Pose.HEAD] - headRadius, sy[Pose.HEAD] - headRadius, 2 * headRadius, 2 * headRadius);
        g.fill(disc);
    }

    private void leg(Graphics2D g, int side, int shade) {
        stroke(g, thighStroke, trousers[shade], Pose.hip(side), Pose.knee(side));
        stroke(g, shinStroke, trousers[shade], Pose.knee(side), Pose.ankle(side));
        stroke(g, footStroke, shoes[shade], Pose.ankle(side), Pose.toe(side));
    }

    private void arm(Graphics2D g, int side, int shade) {
        stroke(g, upperArmStroke, shirt[shade], Pose.shoulder(side), Pose.elbow(side));
        stroke(g, forearmStroke, body.longSleeves() ? shirt[shade] : skin[shade], Pose.elbow(side), Pose.hand(side));
        g.setColor(skin[shade]);
        int h = Pose.hand(side);
        disc.setFrame(sx[h] - handRadius, sy[h] - handRadius, 2 * handRadius, 2 * handRadius);
        g.fill(disc);
    }

    private void frontalTorso(Graphics2D g) {
        torsoShape.reset();
        torsoShape.moveTo(sx[Pose.hip(0)], sy[Pose.hip(0)]);
        torsoShape.lineTo(sx[Pose.shoulder(0)], sy[Pose.shoulder(0)]);
        torsoShape.lineTo(sx[Pose.shoulder(1)], sy[Pose.shoulder(1)]);
        torsoShape.lineTo(sx[Pose.hip(1)], sy[Pose.hip(1)]);
        torsoShape.closePath();
        g.setColor(shirt[1]);
        g.fill(torsoShape);
        g.setStroke(upperArmStroke);
        g.draw(torsoShape);
    }

    private void stroke(Graphics2D g, BasicStroke stroke, Color color, int from, int to) {
        g.setStroke(stroke);
        g.setColor(color);
        line.setLine(sx[from], sy[from], sx[to], sy[to]);
        g.draw(line);
    }

    private static BasicStroke round(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** {far, near} versions of a colour. */
    private static Color[] shades(int rgb) {
        Color near = new Color(rgb);
        Color far = new Color(Math.round(near.getRed() * FAR_SHADE), Math.round(near.getGreen() * FAR_SHADE),
                Math.round(near.getBlue() * FAR_SHADE));
        return new Color[] {far, near};
    }
}
