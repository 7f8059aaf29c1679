package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Set;

/**
 * Events to a Kafka topic ({@code - type: kafka}): keyed by stream (so a stream's events share a partition and keep
 * their order), an idempotent producer with {@code acks=all}, headers naming each event's type and schema version.
 *
 * @param bootstrapServers      {@code host:port[,host:port...]}
 * @param topic                 the topic every event goes to; it must exist unless the brokers create topics
 * @param clientId              the producer's {@code client.id}
 * @param deliveryTimeoutMillis an event the brokers have not acknowledged this long after it was handed to the
 *                              producer is failed (counted); the producer retries until then
 * @param properties            further producer properties (security: {@code security.protocol},
 *                              {@code ssl.truststore.location}, {@code sasl.*}); those that would break the guarantees
 *                              above are refused
 */
public record KafkaSinkConfig(String name, String bootstrapServers, String topic, String clientId,
                              long deliveryTimeoutMillis, Map<String, String> properties, int bufferEvents,
                              long reconnectInitialMillis, long reconnectMaxMillis) implements SinkConfig {

    public static final String TYPE = "kafka";
    /** Set by the sink itself: ordering per stream and no duplicates depend on them. */
    static final Set<String> FIXED = Set.of("acks", "enable.idempotence", "key.serializer", "value.serializer",
            "max.in.flight.requests.per.connection", "bootstrap.servers", "client.id", "delivery.timeout.ms");

    public KafkaSinkConfig {
        name = name == null ? TYPE : name;
        SinkConfig.checkName("sinks." + TYPE, name);
        String key = "sinks." + name;
        if (bootstrapServers == null || !bootstrapServers.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException(key + ".bootstrapServers: host:port[,host:port...], got '"
                    + bootstrapServers + "'");
        }
        topic = topic == null ? "actionstream.events" : topic;
        if (!topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException(key + ".topic: 1-249 letters, digits, '.', '_', '-', got '" + topic + "'");
        }
        clientId = clientId == null || clientId.isBlank() ? "actionstream" : clientId;
        if (deliveryTimeoutMillis < 1_000) {
            throw new IllegalArgumentException(key + ".deliveryTimeoutMillis: must be >= 1000, got "
                    + deliveryTimeoutMillis);
        }
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        for (String p : properties.keySet()) {
            if (FIXED.contains(p)) {
                throw new IllegalArgumentException(key + ".properties." + p + ": set by actionstream itself (or by "
                        + "this sink's own keys); the sink's ordering and no-duplicates guarantees depend on it");
            }
        }
        SinkConfig.checkDelivery(key, bufferEvents, reconnectInitialMillis, reconnectMaxMillis);
    }

    /** A config entry needs only {@code bootstrapServers}; every other key has a default. */
    @JsonCreator
    static KafkaSinkConfig fromConfig(@JsonProperty("name") String name,
                                      @JsonProperty("bootstrapServers") String bootstrapServers,
                                      @JsonProperty("topic") String topic,
                                      @JsonProperty("clientId") String clientId,
                                      @JsonProperty("deliveryTimeoutMillis") Long deliveryTimeoutMillis,
                                      @JsonProperty("properties") Map<String, String> properties,
                                      @JsonProperty("bufferEvents") Integer bufferEvents,
                                      @JsonProperty("reconnectInitialMillis") Long reconnectInitialMillis,
                                      @JsonProperty("reconnectMaxMillis") Long reconnectMaxMillis) {
        return new KafkaSinkConfig(name, bootstrapServers, topic, clientId,
                deliveryTimeoutMillis == null ? 120_000 : deliveryTimeoutMillis, properties,
                bufferEvents == null ? DEFAULT_BUFFER_EVENTS : bufferEvents,
                reconnectInitialMillis == null ? DEFAULT_RECONNECT_INITIAL_MILLIS : reconnectInitialMillis,
                reconnectMaxMillis == null ? DEFAULT_RECONNECT_MAX_MILLIS : reconnectMaxMillis);
    }

    /** {@code bootstrapServers} and {@code topic}, every other key at its default. */
    public static KafkaSinkConfig of(String bootstrapServers, String topic) {
        return fromConfig(null, bootstrapServers, topic, null, null, null, null, null, null);
    }

    public KafkaSinkConfig withDelivery(int buffer, long initialMillis, long maxMillis) {
        return new KafkaSinkConfig(name, bootstrapServers, topic, clientId, deliveryTimeoutMillis, properties, buffer,
                initialMillis, maxMillis);
    }

    public KafkaSinkConfig withProperties(Map<String, String> p) {
        return new KafkaSinkConfig(name, bootstrapServers, topic, clientId, deliveryTimeoutMillis, p, bufferEvents,
                reconnectInitialMillis, reconnectMaxMillis);
    }

    @Override
    public String toString() {
        return "kafka sink " + name + " (" + bootstrapServers + ", topic " + topic + ")";
    }
}
