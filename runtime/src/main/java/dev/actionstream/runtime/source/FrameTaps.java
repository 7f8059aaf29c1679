package dev.actionstream.runtime.source;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.status.StreamState;

import java.nio.ByteBuffer;
import java.util.Objects;

/** Two taps as one (the live view and capture): each is asked on its own and gets only the frames it wants. */
public final class FrameTaps {

    private FrameTaps() {
    }

    /** {@code first} and {@code second}; either may be {@link FrameTap#NONE}, and then the other is returned. */
    public static FrameTap both(FrameTap first, FrameTap second) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first == FrameTap.NONE) {
            return second;
        }
        if (second == FrameTap.NONE) {
            return first;
        }
        return new FrameTap() {
            @Override
            public boolean wanted(String stream) {
                return first.wanted(stream) || second.wanted(stream);
            }

            @Override
            public void offer(String stream, long frameIndex, long captureMillis, long mediaMicros, ByteBuffer pixels, int width,
                              int height, int rowStride, PixelFormat format) {
                if (first.wanted(stream)) {
                    first.offer(stream, frameIndex, captureMillis, mediaMicros, pixels, width, height, rowStride, format);
                }
                if (second.wanted(stream)) {
                    second.offer(stream, frameIndex, captureMillis, mediaMicros, pixels, width, height, rowStride, format);
                }
            }

            @Override
            public void state(String stream, StreamState state, String reason) {
                first.state(stream, state, reason);
                second.state(stream, state, reason);
            }
        };
    }
}
