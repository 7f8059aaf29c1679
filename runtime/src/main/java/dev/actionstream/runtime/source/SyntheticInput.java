package dev.actionstream.runtime.source;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.synth.SyntheticLiveSource;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * The synth module's endless stream of synthetic actors as a live input, paced to its frame rate. It renders into
 * one reused BGR image whose bytes are handed on as they are.
 */
public final class SyntheticInput implements VideoInput {

    private final SyntheticLiveSource source;
    private final BufferedImage image;
    private final ByteBuffer pixels;
    private final long periodNanos;
    private long nextDueNanos;
    /** Frames rendered: the source's own clock, which a late frame does not move. */
    private long rendered;

    private SyntheticInput(SyntheticLiveSource source) {
        this.source = source;
        this.image = source.newFrame();
        this.pixels = ByteBuffer.wrap(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
        this.periodNanos = (long) (1e9 / source.settings().fps());
    }

    public static SyntheticInput open(SourceSpec spec) {
        return new SyntheticInput(new SyntheticLiveSource(SyntheticLiveSource.Settings.parse(spec.location())));
    }

    @Override
    public boolean next(FrameReceiver receiver) {
        long now = System.nanoTime();
        if (nextDueNanos == 0) {
            nextDueNanos = now;
        }
        while (now < nextDueNanos) {
            LockSupport.parkNanos(nextDueNanos - now);
            now = System.nanoTime();
        }
        // A late frame does not start a burst: the schedule restarts from now.
        nextDueNanos = Math.max(nextDueNanos + periodNanos, now - periodNanos);
        source.nextFrame(image);
        long mediaMicros = Math.round(rendered++ * 1e6 / source.settings().fps());
        receiver.frame(pixels, image.getWidth(), image.getHeight(), image.getWidth() * 3, PixelFormat.BGR24,
                mediaMicros);
        return true;
    }

    /** The action the last frame showed (ground truth, for demos and tests). */
    public String currentAction() {
        return source.currentAction().id();
    }

    @Override
    public void close() {
        source.close();
    }
}
