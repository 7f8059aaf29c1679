package dev.actionstream.tools.load;

import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.synth.SyntheticLiveSource;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/**
 * A short loop of synthetic frames rendered once and shared, read-only, by every replayed stream. Rendering a
 * 640x480 frame of stick figures costs about as much as the pipeline spends on it, so a harness that rendered live
 * would measure the renderer; replaying the loop leaves the pipeline's own cost (prepare, ring, windows, inference).
 */
public final class PrerenderedFrames {

    private final byte[][] frames;
    private final int width;
    private final int height;
    private final double renderMillisPerFrame;

    private PrerenderedFrames(byte[][] frames, int width, int height, double renderMillisPerFrame) {
        this.frames = frames;
        this.width = width;
        this.height = height;
        this.renderMillisPerFrame = renderMillisPerFrame;
    }

    /** Renders {@code count} consecutive frames of the synthetic live source at {@code width}x{@code height}. */
    public static PrerenderedFrames render(int width, int height, double fps, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("frame count must be > 0, got " + count);
        }
        SyntheticLiveSource.Settings settings = SyntheticLiveSource.Settings.defaults();
        settings = new SyntheticLiveSource.Settings(width, height, fps, settings.seed(), settings.minSegmentSeconds(),
                settings.maxSegmentSeconds());
        byte[][] frames = new byte[count][];
        long start = System.nanoTime();
        try (SyntheticLiveSource source = new SyntheticLiveSource(settings)) {
            BufferedImage image = source.newFrame();
            byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < count; i++) {
                source.nextFrame(image);
                frames[i] = Arrays.copyOf(pixels, pixels.length);
            }
        }
        double perFrame = (System.nanoTime() - start) / 1e6 / count;
        return new PrerenderedFrames(frames, width, height, perFrame);
    }

    /** Opens every stream as a replay of this loop, each from its own starting frame, paced to {@code fps} or not. */
    public SourceOpener opener(double fps, boolean paced) {
        return (spec, stream) -> new ReplayInput(frames, width, height, Math.floorMod(stream.name().hashCode(),
                frames.length), paced ? fps : 0);
    }

    public int count() {
        return frames.length;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Mean time the synthetic renderer took per frame while the loop was rendered (includes its warm-up). */
    public double renderMillisPerFrame() {
        return renderMillisPerFrame;
    }
}
