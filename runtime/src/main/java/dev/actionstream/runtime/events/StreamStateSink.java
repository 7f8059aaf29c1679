package dev.actionstream.runtime.events;

/**
 * Where grabbers report their state changes (rare); implementations must not block the caller. The grabber's narrow
 * view of an {@link EventSink}: the pipeline hands it {@code sink::onStreamState}.
 */
@FunctionalInterface
public interface StreamStateSink {

    StreamStateSink NONE = event -> {
    };

    void publish(StreamStateEvent event);
}
