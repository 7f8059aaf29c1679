package dev.actionstream.runtime.source;

import dev.actionstream.config.PixelFormat;

import java.nio.ByteBuffer;

/** Receives a decoded frame; the buffer is only valid during the call (decoders reuse it). */
@FunctionalInterface
public interface FrameReceiver {
    void frame(ByteBuffer pixels, int width, int height, int rowStride, PixelFormat format);
}
