package dev.actionstream.runtime.events;

/**
 * The kinds of event a sink can carry, each with the name transports put on the wire (a Kafka header, an MQTT topic
 * never: those are per stream) and the name and version of its JSON Schema under
 * {@code runtime/src/main/resources/schema/}. A schema's version goes up when a field changes meaning or goes away;
 * added fields keep it.
 */
public enum EventType {
    /** A stream's filtered label ({@link LabelEvent}). */
    LABEL("label", "label-event", 1),
    /** A stream changed state ({@link StreamStateEvent}). */
    STREAM_STATE("stream-state", "stream-state-event", 1),
    /** An action episode started, updated or ended (produced outside the pipeline's scoring thread). */
    EPISODE("episode", "episode-event", 1);

    private final String wire;
    private final String schema;
    private final int schemaVersion;

    EventType(String wire, String schema, int schemaVersion) {
        this.wire = wire;
        this.schema = schema;
        this.schemaVersion = schemaVersion;
    }

    public String wire() {
        return wire;
    }

    /** The schema file's name without {@code .schema.json}. */
    public String schema() {
        return schema;
    }

    public int schemaVersion() {
        return schemaVersion;
    }
}
