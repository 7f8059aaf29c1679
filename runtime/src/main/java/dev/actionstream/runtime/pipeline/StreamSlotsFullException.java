package dev.actionstream.runtime.pipeline;

/** Every stream slot ({@code pipeline.maxStreams}) is taken: the node serves as many streams as it was sized for. */
public final class StreamSlotsFullException extends IllegalStateException {

    public StreamSlotsFullException(String message) {
        super(message);
    }
}
