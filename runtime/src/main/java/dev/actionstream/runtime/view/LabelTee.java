package dev.actionstream.runtime.view;

import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.LabelEventSink;
import java.util.Objects;

/**
 * Keeps each stream's latest label event for the overlay (one volatile write), then passes the event on, e.g. to the
 * WebSocket fan-out. Never blocks, like every {@link LabelEventSink}.
 */
final class LabelTee implements LabelEventSink {

    private final LiveView view;
    private final LabelEventSink next;

    LabelTee(LiveView view, LabelEventSink next) {
        this.view = Objects.requireNonNull(view, "view");
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void publish(LabelEvent event) {
        view.label(event);
        next.publish(event);
    }
}
