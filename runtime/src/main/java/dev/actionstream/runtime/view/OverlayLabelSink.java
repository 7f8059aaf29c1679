package dev.actionstream.runtime.view;

import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.events.LabelEvent;
import java.util.Objects;

/** Keeps each stream's latest label event for the overlay: one volatile write on the scoring thread, never blocks. */
final class OverlayLabelSink implements EventSink {

    private final LiveView view;

    OverlayLabelSink(LiveView view) {
        this.view = Objects.requireNonNull(view, "view");
    }

    @Override
    public void onLabel(LabelEvent event) {
        view.label(event);
    }
}
