package dev.actionstream.runtime.events;

/** Where grabbers report their state changes (rare); implementations must not block the caller. */
@FunctionalInterface
public interface StreamStateSink {

    StreamStateSink NONE = event -> {
    };

    void publish(StreamStateEvent event);
}
