package dev.actionstream.runtime.sink;

import dev.actionstream.config.KafkaSinkConfig;
import dev.actionstream.config.MqttSinkConfig;
import dev.actionstream.config.SinkConfig;
import dev.actionstream.config.WebSocketSinkConfig;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.sink.kafka.KafkaTransport;
import dev.actionstream.runtime.sink.mqtt.MqttTransport;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Objects;

/**
 * Builds the sink one {@code sinks:} entry names: the WebSocket is the server's own; a broker sink is a
 * {@link BufferedSink} around its transport, started (its thread runs; it connects in the background, so a broker that
 * is down at start delays nothing).
 */
public final class SinkFactory {

    private final EventSink webSocket;
    private final List<String> streams;
    private final MeterRegistry registry;

    /**
     * @param webSocket the server's WebSocket sink
     * @param streams   the served streams' names (MQTT announces them to Home Assistant)
     */
    public SinkFactory(EventSink webSocket, List<String> streams, MeterRegistry registry) {
        this.webSocket = Objects.requireNonNull(webSocket, "webSocket");
        this.streams = List.copyOf(streams);
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    public EventSink build(SinkConfig config) {
        if (config instanceof WebSocketSinkConfig) {
            return webSocket;
        }
        if (config instanceof MqttSinkConfig m) {
            return new BufferedSink(m.name(), MqttSinkConfig.TYPE, new MqttTransport(m, streams), m.bufferEvents(),
                    m.reconnectInitialMillis(), m.reconnectMaxMillis(), registry).start();
        }
        if (config instanceof KafkaSinkConfig k) {
            return new BufferedSink(k.name(), KafkaSinkConfig.TYPE, new KafkaTransport(k), k.bufferEvents(),
                    k.reconnectInitialMillis(), k.reconnectMaxMillis(), registry).start();
        }
        throw new IllegalArgumentException("no sink for " + config);
    }
}
