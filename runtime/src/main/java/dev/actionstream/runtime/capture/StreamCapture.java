package dev.actionstream.runtime.capture;

import dev.actionstream.config.PixelFormat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import javax.imageio.IIOImage;

/**
 * One stream's capture side: a single-producer single-consumer hand-off of {@link #SLOTS} downscaled frames from the
 * grabber to the {@code capture-jpeg} thread, and the stream's {@link PreRollBuffer}.
 *
 * <p>The grabber writes slot {@code produced % SLOTS} only while fewer than {@code SLOTS} frames wait, then publishes
 * it by incrementing {@code produced} (volatile); when all slots wait the frame is dropped and counted. Slot images are
 * allocated on the first frame and again only when the resolution changes.
 */
final class StreamCapture {

    static final int SLOTS = 4;

    private final String name;
    private final PreRollBuffer buffer;
    private final FrameDownscaler downscaler;
    private final Slot[] slots = new Slot[SLOTS];
    private volatile long produced;
    private volatile long consumed;
    private volatile long dropped;

    StreamCapture(String name, PreRollBuffer buffer, int maxWidth) {
        this.name = name;
        this.buffer = buffer;
        this.downscaler = new FrameDownscaler(maxWidth);
    }

    String name() {
        return name;
    }

    PreRollBuffer buffer() {
        return buffer;
    }

    long dropped() {
        return dropped;
    }

    /** Grabber thread; false when the frame was dropped because the compressor is behind. */
    boolean offer(long frameIndex, long captureMillis, long mediaMicros, ByteBuffer pixels, int width, int height, int rowStride,
                  PixelFormat format) {
        long p = produced;
        if (p - consumed >= SLOTS) {
            dropped++;
            return false;
        }
        downscaler.resize(width, height, format);
        Slot slot = slots[(int) (p % SLOTS)];
        if (slot == null || slot.width != downscaler.outWidth() || slot.height != downscaler.outHeight()) {
            slot = new Slot(downscaler.outWidth(), downscaler.outHeight());
            slots[(int) (p % SLOTS)] = slot;
        }
        downscaler.scale(pixels, rowStride, format, slot.bgr);
        slot.frameIndex = frameIndex;
        slot.captureMillis = captureMillis;
        slot.mediaMicros = mediaMicros;
        produced = p + 1;
        return true;
    }

    /** {@code capture-jpeg} thread: the oldest waiting frame, or null; give it back with {@link #release()}. */
    Slot next() {
        long c = consumed;
        return c < produced ? slots[(int) (c % SLOTS)] : null;
    }

    void release() {
        consumed = consumed + 1;
    }

    /** A downscaled frame: a BGR image the JPEG writer reads directly. */
    static final class Slot {
        final int width;
        final int height;
        final byte[] bgr;
        final IIOImage image;
        long frameIndex;
        long captureMillis;
        long mediaMicros;

        Slot(int width, int height) {
            this.width = width;
            this.height = height;
            BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            this.bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
            this.image = new IIOImage(img, null, null);
        }
    }
}
