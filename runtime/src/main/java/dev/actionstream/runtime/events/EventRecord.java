package dev.actionstream.runtime.events;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One event as transports send it: its JSON already written (once, for every transport), the stream it belongs to
 * (the key that orders it: per stream, records leave a sink in the order they entered it) and its type. Label events,
 * state changes and episode events all travel as records, so a transport needs no code per event kind.
 *
 * @param type   what the JSON is (its schema)
 * @param stream the stream's name; the ordering and partitioning key
 * @param label  the stream's current label for {@link EventType#LABEL} records (a transport may publish it apart,
 *               e.g. MQTT's retained label topic); {@code null} for other types
 * @param json   UTF-8 JSON of the event; shared between sinks, never modified
 */
public record EventRecord(EventType type, String stream, String label, byte[] json) {

    public EventRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(json, "json");
    }

    public static EventRecord label(LabelEvent event) {
        return new EventRecord(EventType.LABEL, event.stream(), event.label(), EventJson.labelBytes(event));
    }

    public static EventRecord state(StreamStateEvent event) {
        return new EventRecord(EventType.STREAM_STATE, event.stream(), null,
                EventJson.state(event).getBytes(StandardCharsets.UTF_8));
    }

    /** An event serialised by its producer (e.g. an episode event), for {@link EventSink#onRecord}. */
    public static EventRecord of(EventType type, String stream, String json) {
        return new EventRecord(type, stream, null, json.getBytes(StandardCharsets.UTF_8));
    }

    public String jsonText() {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return type.wire() + " event of stream " + stream + " (" + json.length + " bytes)";
    }
}
