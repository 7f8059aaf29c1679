package dev.actionstream.synth.scene;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Composite;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * A random static scene behind the actor, painted once per clip: a wall or sky gradient, a ground with its own
 * gradient, optional stripes, blotchy low-frequency texture, clutter shapes and fine grain. It is larger than the
 * frame by {@link #margin()} on every side so that camera shake only moves it.
 */
public final class Backdrop {

    private final BufferedImage image;
    private final int margin;

    /**
     * @param width   frame width in pixels
     * @param height  frame height in pixels
     * @param groundY y of the ground line in frame pixels
     * @param margin  extra pixels on every side
     * @param seed    drives every random choice of the scene
     */
    public Backdrop(int width, int height, int groundY, int margin, long seed) {
        if (width <= 0 || height <= 0 || margin < 0) {
            throw new IllegalArgumentException("bad backdrop geometry " + width + "x" + height + " margin " + margin);
        }
        this.margin = margin;
        this.image = new BufferedImage(width + 2 * margin, height + 2 * margin, BufferedImage.TYPE_3BYTE_BGR);
        paint(new SplittableRandom(seed), groundY + margin);
    }

    public int margin() {
        return margin;
    }

    /** Draws the backdrop shifted by {@code (dx, dy)} pixels; the target is fully covered while |d| <= margin. */
    public void draw(Graphics2D g, int dx, int dy) {
        g.drawImage(image, dx - margin, dy - margin, null);
    }

    private void paint(SplittableRandom rnd, int groundY) {
        int w = image.getWidth();
        int h = image.getHeight();
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            boolean diagonal = rnd.nextInt(4) == 0;
            g.setPaint(new GradientPaint(0, 0, randomColor(rnd), diagonal ? w : 0, groundY, randomColor(rnd)));
            g.fillRect(0, 0, w, groundY);
            g.setPaint(new GradientPaint(0, groundY, randomColor(rnd), 0, h, randomColor(rnd)));
            g.fillRect(0, groundY, w, h - groundY);
            if (rnd.nextInt(10) < 4) {
                stripes(g, rnd, w, h);
            }
            if (rnd.nextInt(10) < 7) {
                blotches(g, rnd, w, h);
            }
            int clutter = rnd.nextInt(2, 11);
            for (int i = 0; i < clutter; i++) {
                clutter(g, rnd, w, h);
            }
        } finally {
            g.dispose();
        }
        grain(rnd, rnd.nextInt(0, 13));
    }

    private static void stripes(Graphics2D g, SplittableRandom rnd, int w, int h) {
        Composite old = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) (0.15 + 0.35 * rnd.nextDouble())));
        g.setColor(randomColor(rnd));
        int period = rnd.nextInt(6, Math.max(8, Math.max(w, h) / 4));
        int thickness = Math.max(1, (int) (period * (0.2 + 0.5 * rnd.nextDouble())));
        int orientation = rnd.nextInt(3);
        for (int p = -h; p < w + h; p += period) {
            switch (orientation) {
                case 0 -> g.fillRect(p, 0, thickness, h);
                case 1 -> g.fillRect(0, p, w, thickness);
                default -> g.fillPolygon(new int[] {p, p + thickness, p + thickness + h, p + h}, new int[] {0, 0, h, h}, 4);
            }
        }
        g.setComposite(old);
    }

    private static void blotches(Graphics2D g, SplittableRandom rnd, int w, int h) {
        int cols = rnd.nextInt(3, 12);
        int rows = rnd.nextInt(3, 10);
        BufferedImage grid = new BufferedImage(cols, rows, BufferedImage.TYPE_INT_ARGB);
        int alpha = rnd.nextInt(40, 120);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                grid.setRGB(x, y, (alpha << 24) | rnd.nextInt(0x1000000));
            }
        }
        g.drawImage(grid, 0, 0, w, h, null);
    }

    private static void clutter(Graphics2D g, SplittableRandom rnd, int w, int h) {
        Composite old = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) (0.4 + 0.6 * rnd.nextDouble())));
        g.setColor(randomColor(rnd));
        double cx = rnd.nextDouble() * w;
        double cy = rnd.nextDouble() * h;
        double sw = (0.03 + 0.3 * rnd.nextDouble()) * w;
        double sh = (0.03 + 0.4 * rnd.nextDouble()) * h;
        switch (rnd.nextInt(4)) {
            case 0 -> g.fill(new Rectangle2D.Double(cx - sw / 2, cy - sh / 2, sw, sh));
            case 1 -> g.fill(new Ellipse2D.Double(cx - sw / 2, cy - sh / 2, sw, sh));
            case 2 -> g.fill(new Polygon(
                    new int[] {(int) cx, (int) (cx + sw / 2), (int) (cx - sw / 2)},
                    new int[] {(int) (cy - sh / 2), (int) (cy + sh / 2), (int) (cy + sh / 2)}, 3));
            default -> {
                // A pole or tree trunk: tall and thin, standing on whatever is below.
                double pw = Math.max(1, sw / 6);
                g.fill(new Rectangle2D.Double(cx - pw / 2, cy - sh, pw, sh * 2));
            }
        }
        g.setComposite(old);
    }

    private void grain(SplittableRandom rnd, int amplitude) {
        if (amplitude == 0) {
            return;
        }
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < data.length; i++) {
            int v = (data[i] & 0xFF) + rnd.nextInt(-amplitude, amplitude + 1);
            data[i] = (byte) Math.max(0, Math.min(255, v));
        }
    }

    private static Color randomColor(SplittableRandom rnd) {
        return new Color(rnd.nextInt(0x1000000));
    }
}
