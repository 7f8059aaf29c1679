package dev.actionstream.synth;

import dev.actionstream.synth.figure.FigurePainter;
import dev.actionstream.synth.figure.Motion;
import dev.actionstream.synth.figure.Pose;
import dev.actionstream.synth.scene.Backdrop;
import dev.actionstream.synth.scene.SensorNoise;
import dev.actionstream.synth.scene.Staging;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * Renders the frames of one clip into caller-supplied {@code TYPE_3BYTE_BGR} images, whose raster bytes are then
 * BGR24 as {@link dev.actionstream.config.FramePreparer} expects with {@code PixelFormat.BGR24}.
 *
 * <p>Frame {@code i} depends only on the clip parameters, the frame geometry and {@code i}: frames can be rendered in
 * any order, and the same frame is the same pixels every time. Actors that travel walk back and forth between the
 * frame edges, turning round when they reach one.
 *
 * <p>Not thread-safe. The backdrop is painted once, in the constructor; rendering a frame reuses the Graphics2D of the
 * last few target images and allocates nothing of ours.
 */
public final class ClipRenderer implements AutoCloseable {

    private static final int TARGETS_CACHED = 4;

    private final ClipParameters clip;
    private final int width;
    private final int height;
    private final double fps;
    private final Motion motion;
    private final Staging staging;
    private final Backdrop backdrop;
    private final FigurePainter painter;
    private final SensorNoise noise;
    private final Pose pose = new Pose();
    private final double figurePx;
    private final double groundY;
    private final double shakePx;
    private final double leftmost;
    private final double span;
    /** Graphics of the last few target images, so double or triple buffering allocates nothing per frame either. */
    private final BufferedImage[] targets = new BufferedImage[TARGETS_CACHED];
    private final Graphics2D[] graphics = new Graphics2D[TARGETS_CACHED];
    private int nextSlot;
    private int lastFacing = 1;

    public ClipRenderer(ClipParameters clip, int width, int height, double fps) {
        this.clip = Objects.requireNonNull(clip, "clip");
        if (width < 16 || height < 16) {
            throw new IllegalArgumentException("frame must be at least 16x16, got " + width + "x" + height);
        }
        if (!(fps > 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("fps must be > 0, got " + fps);
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.motion = clip.motion();
        this.staging = clip.staging();
        this.figurePx = staging.figureHeight() * height;
        this.groundY = staging.groundLine() * height;
        this.shakePx = staging.shake() * height;
        int margin = (int) Math.ceil(shakePx) + 1;
        this.backdrop = new Backdrop(width, height, (int) Math.round(groundY), margin, staging.backdropSeed());
        this.painter = new FigurePainter(clip.physique(), figurePx);
        this.noise = new SensorNoise(staging.noiseSigma(), staging.noiseSeed());
        double edge = Math.min(0.3 * figurePx, 0.25 * width);
        this.leftmost = edge;
        this.span = Math.max(1, width - 2 * edge);
    }

    public ClipParameters clip() {
        return clip;
    }

    public Action action() {
        return clip.action();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public double fps() {
        return fps;
    }

    /**
     * Renders frame {@code frameIndex} (at {@code frameIndex / fps} seconds) into {@code target}, which must be a
     * {@code TYPE_3BYTE_BGR} image of this renderer's size.
     */
    public void render(long frameIndex, BufferedImage target) {
        if (frameIndex < 0) {
            throw new IllegalArgumentException("frameIndex must be >= 0, got " + frameIndex);
        }
        Graphics2D g = graphicsFor(target);
        double t = frameIndex / fps;
        long shake = Seeds.derive(staging.shakeSeed(), frameIndex);
        int dx = (int) Math.round(shakePx * signedUnit(shake));
        int dy = (int) Math.round(shakePx * signedUnit(shake >>> 32));
        backdrop.draw(g, dx, dy);
        motion.pose(t, clip.physique(), pose);
        double x = actorX(t);
        painter.paint(g, pose, x + dx, groundY + dy, lastFacing);
        byte[] bytes = ((DataBufferByte) target.getRaster().getDataBuffer()).getData();
        noise.apply(bytes, width * height * 3, frameIndex);
    }

    /** Actor's x in pixels at {@code t}; also sets {@link #lastFacing}. */
    private double actorX(double t) {
        double startX = staging.startX() * width;
        int facing = staging.facing();
        if (motion.speed() == 0) {
            lastFacing = facing;
            return startX;
        }
        // Walk in mirrored coordinates where the actor starts heading right, then mirror back.
        double start = (facing == 1 ? startX : width - startX) - leftmost;
        double travelled = start + motion.speed() * figurePx * t;
        double u = travelled % (2 * span);
        boolean outward = u < span;
        double xm = leftmost + (outward ? u : 2 * span - u);
        lastFacing = outward ? facing : -facing;
        return facing == 1 ? xm : width - xm;
    }

    private static double signedUnit(long bits) {
        return ((bits & 0xFFFFFFFFL) / (double) 0xFFFFFFFFL) * 2 - 1;
    }

    private Graphics2D graphicsFor(BufferedImage target) {
        Objects.requireNonNull(target, "target");
        for (int i = 0; i < TARGETS_CACHED; i++) {
            if (targets[i] == target) {
                return graphics[i];
            }
        }
        if (target.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            throw new IllegalArgumentException("target must be TYPE_3BYTE_BGR (" + BufferedImage.TYPE_3BYTE_BGR
                    + "), got type " + target.getType());
        }
        if (target.getWidth() != width || target.getHeight() != height) {
            throw new IllegalArgumentException("target is " + target.getWidth() + "x" + target.getHeight()
                    + ", renderer draws " + width + "x" + height);
        }
        int slot = nextSlot;
        nextSlot = (nextSlot + 1) % TARGETS_CACHED;
        if (graphics[slot] != null) {
            graphics[slot].dispose();
        }
        Graphics2D g = target.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        targets[slot] = target;
        graphics[slot] = g;
        return g;
    }

    /** Creates an image this renderer can draw into. */
    public BufferedImage newFrame() {
        return new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    }

    @Override
    public void close() {
        for (int i = 0; i < TARGETS_CACHED; i++) {
            if (graphics[i] != null) {
                graphics[i].dispose();
                graphics[i] = null;
                targets[i] = null;
            }
        }
    }
}
