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

    @Override
    void close();
}
