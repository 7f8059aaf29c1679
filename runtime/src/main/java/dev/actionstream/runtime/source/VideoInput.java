package dev.actionstream.runtime.source;

import java.io.IOException;

/** An opened source, read by exactly one grabber thread. */
public interface VideoInput extends AutoCloseable {

    /**
     * Decodes the next video frame (pacing it when the input is paced) and hands it to {@code receiver}.
     *
     * @return {@code false} at the end of the input
     * @throws IOException when this frame could not be read or decoded; the input may still deliver later frames
     */
    boolean next(FrameReceiver receiver) throws IOException;

    /**
     * Frames the container lists that the decoder never delivered, once {@link #next} has returned {@code false}
     * (FFmpeg conceals or skips damaged data without an error, so a damaged file shows only here); 0 when unknown.
     */
    default long framesMissing() {
        return 0;
    }

    @Override
    void close();
}
