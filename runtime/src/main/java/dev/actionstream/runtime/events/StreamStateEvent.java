package dev.actionstream.runtime.events;

import dev.actionstream.runtime.status.StreamState;

/**
 * A stream changed state, e.g. {@code running → reconnecting} when its camera went away (schema:
 * {@code runtime/src/main/resources/schema/stream-state-event.schema.json}). Sent on {@code /ws} only to subscribers
 * that ask for it with {@code ?states=true}, so label-event clients see no other message type.
 *
 * @param type        always {@code "stream-state"}, to tell it from label events on the same socket
 * @param stream      stream name
 * @param state       the new state
 * @param previous    the state before
 * @param error       the last error of the stream (empty when none)
 * @param timestampMs wall-clock time of the change (epoch ms)
 */
public record StreamStateEvent(String type, String stream, StreamState state, StreamState previous, String error,
                               long timestampMs) {

    public static final String TYPE = "stream-state";

    public static StreamStateEvent of(String stream, StreamState previous, StreamState state, String error) {
        return new StreamStateEvent(TYPE, stream, state, previous, error == null ? "" : error,
                System.currentTimeMillis());
    }
}
