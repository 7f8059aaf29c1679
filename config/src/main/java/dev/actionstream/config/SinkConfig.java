package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One entry of serve's {@code sinks:} list: where events are delivered. The entry's {@code type} picks the kind;
 * {@code name} (default: the type) tells two sinks of one kind apart in logs and metrics. The list replaces the default
 * ({@code [websocket]}) as a whole, so a list without a {@code websocket} entry turns {@code /ws} events off.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = WebSocketSinkConfig.class, name = WebSocketSinkConfig.TYPE),
        @JsonSubTypes.Type(value = MqttSinkConfig.class, name = MqttSinkConfig.TYPE),
        @JsonSubTypes.Type(value = KafkaSinkConfig.class, name = KafkaSinkConfig.TYPE)})
public sealed interface SinkConfig permits WebSocketSinkConfig, MqttSinkConfig, KafkaSinkConfig {

    /** Most events a broker sink holds while its broker is slow or away; more are dropped and counted. */
    int DEFAULT_BUFFER_EVENTS = 10_000;
    long DEFAULT_RECONNECT_INITIAL_MILLIS = 250;
    long DEFAULT_RECONNECT_MAX_MILLIS = 30_000;

    String name();

    /** Checks the buffer and backoff settings every broker sink shares; {@code key} prefixes the messages. */
    static void checkDelivery(String key, int bufferEvents, long reconnectInitialMillis, long reconnectMaxMillis) {
        if (bufferEvents < 1 || bufferEvents > 1_000_000) {
            throw new IllegalArgumentException(key + ".bufferEvents: must be within 1..1000000, got " + bufferEvents);
        }
        if (reconnectInitialMillis <= 0 || reconnectMaxMillis < reconnectInitialMillis) {
            throw new IllegalArgumentException(key + ".reconnectInitialMillis/reconnectMaxMillis: need 0 < initial "
                    + "<= max, got " + reconnectInitialMillis + ", " + reconnectMaxMillis);
        }
    }

    static void checkName(String key, String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(key + ".name: 1-64 letters, digits, '_', '.', '-', got '" + name + "'");
        }
    }
}
