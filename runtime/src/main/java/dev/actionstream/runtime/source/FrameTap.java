package dev.actionstream.runtime.source;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.status.StreamState;

import java.nio.ByteBuffer;

/**
 * Where a grabber shows its decoded, full-resolution frames to the live view. The grabber calls
 * {@link #wanted} for every frame (a volatile read and a clock comparison) and {@link #offer} only when it is true,
 * which is only while a viewer is connected and at most at the view's capped frame rate. Neither call blocks.
 */
public interface FrameTap {

    /** A tap nobody watches; what a grabber uses when there is no live view. */
    FrameTap NONE = new FrameTap() {
        @Override
        public boolean wanted(String stream) {
            return false;
        }

        @Override
        public void offer(String stream, long frameIndex, long captureMillis, long mediaMicros, ByteBuffer pixels, int width,
                          int height, int rowStride, PixelFormat format) {
        }
    };

    /** Whether the next frame of {@code stream} would be used now; cheap enough to ask for every frame. */
    boolean wanted(String stream);

    /**
     * Copies the frame (when still wanted) into the view's own buffer; {@code pixels} is not kept and its position is
     * not changed, so the grabber may reuse it as soon as this returns. Called on the grabber's thread.
     *
     * @param frameIndex    index of the frame since the stream started (as in label events)
     * @param captureMillis wall-clock capture time, epoch ms
     * @param mediaMicros   the frame's time on the source's own clock (as in {@code FrameStamp}): what a clip's
     *                      frame rate is measured by, free of the capture thread's scheduling jitter
     * @param rowStride     bytes from one row to the next in {@code pixels}
     */
    void offer(String stream, long frameIndex, long captureMillis, long mediaMicros, ByteBuffer pixels, int width, int height,
               int rowStride, PixelFormat format);

    /**
     * The stream changed state, or the reason for its state changed (the next reconnect attempt), so the view can
     * say what is happening even when no frame comes. Rare; called on the grabber's or the watchdog's thread.
     *
     * @param reason why, in words; {@code null} while the stream runs fine
     */
    default void state(String stream, StreamState state, String reason) {
    }
}
