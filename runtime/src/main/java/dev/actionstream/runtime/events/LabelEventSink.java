package dev.actionstream.runtime.events;

/**
 * Where the scoring stage hands finished label events. Implementations must never block the caller (the scoring
 * thread): a subscriber that cannot keep up loses events, the pipeline never waits.
 */
@FunctionalInterface
public interface LabelEventSink {
    void publish(LabelEvent event);
}
