package dev.actionstream.runtime.source;

import dev.actionstream.config.PixelFormat;

import java.nio.ByteBuffer;

/** Receives a decoded frame; the buffer is only valid during the call (decoders reuse it). */
@FunctionalInterface
public interface FrameReceiver {

    /** {@code mediaMicros} for a source without a clock of its own: the receiver uses the capture time instead. */
    long NO_MEDIA_TIME = Long.MIN_VALUE;

    /**
     * @param mediaMicros the frame's presentation time on the source's clock (any origin; it may restart when the
     *                    source does), or {@link #NO_MEDIA_TIME}
     */
    void frame(ByteBuffer pixels, int width, int height, int rowStride, PixelFormat format, long mediaMicros);

    /** A frame without a presentation time. */
    default void frame(ByteBuffer pixels, int width, int height, int rowStride, PixelFormat format) {
        frame(pixels, width, height, rowStride, format, NO_MEDIA_TIME);
    }
}
