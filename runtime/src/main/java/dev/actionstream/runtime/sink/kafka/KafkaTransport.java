package dev.actionstream.runtime.sink.kafka;

import dev.actionstream.config.KafkaSinkConfig;
import dev.actionstream.runtime.events.EventRecord;
import dev.actionstream.runtime.sink.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One idempotent producer ({@code acks=all}, at most 5 requests in flight: the broker keeps each partition in order and
 * drops the producer's retried duplicates). The key is the stream's name, so a stream's events share a partition and
 * are read in the order they were sent. Headers: {@value #TYPE_HEADER} ({@code label}, {@code stream-state},
 * {@code episode}), {@value #SCHEMA_HEADER} and {@value #SCHEMA_VERSION_HEADER} (the JSON Schema the value follows),
 * {@code content-type: application/json}.
 *
 * <p>The producer reconnects by itself ({@code reconnect.backoff.ms} from the sink's backoff) and keeps what it was
 * given in its own buffer ({@code buffer.memory}) until {@code deliveryTimeoutMillis}. "Connecting" is learning the
 * topic's partitions, which needs a broker: until then records stay in the sink's buffer, so a broker that is down at
 * start costs nothing but memory.
 */
public final class KafkaTransport implements Transport {

    public static final String TYPE_HEADER = "event-type";
    public static final String SCHEMA_HEADER = "schema";
    public static final String SCHEMA_VERSION_HEADER = "schema-version";
    /** A send or metadata wait longer than this fails the attempt (retried by the sink) instead of stalling it. */
    static final long MAX_BLOCK_MILLIS = 5_000;

    private final KafkaSinkConfig config;
    private KafkaProducer<byte[], byte[]> producer;
    private volatile Metric connections;
    private boolean ready;

    /** @throws IllegalArgumentException when {@code properties} hold a value the producer cannot take */
    public KafkaTransport(KafkaSinkConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        try {
            // Checks every value now, so a typo fails serve's start instead of every connection attempt.
            new ProducerConfig(properties());
        } catch (ConfigException e) {
            throw new IllegalArgumentException("sinks." + config.name() + ".properties: " + e.getMessage(), e);
        }
    }

    Properties properties() {
        Properties p = new Properties();
        p.putAll(config.properties());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, config.clientId());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(config.deliveryTimeoutMillis()));
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms; keep a short delivery timeout legal.
        p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                Long.toString(Math.min(30_000, config.deliveryTimeoutMillis() / 2)));
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(MAX_BLOCK_MILLIS));
        p.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, Long.toString(config.reconnectInitialMillis()));
        p.putIfAbsent(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, Long.toString(config.reconnectMaxMillis()));
        p.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, Long.toString(config.reconnectInitialMillis()));
        p.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, Long.toString(config.reconnectMaxMillis()));
        return p;
    }

    @Override
    public boolean needsConnect() {
        return !ready;
    }

    /** Creates the producer once, then waits (up to {@value #MAX_BLOCK_MILLIS} ms) for the topic's partitions. */
    @Override
    public void connect() {
        if (producer == null) {
            producer = new KafkaProducer<>(properties());
            for (Map.Entry<MetricName, ? extends Metric> m : producer.metrics().entrySet()) {
                if (m.getKey().name().equals("connection-count") && m.getKey().group().equals("producer-metrics")) {
                    connections = m.getValue();
                }
            }
        }
        try {
            producer.partitionsFor(config.topic());
        } catch (TimeoutException e) {
            throw new TimeoutException("no partitions of topic " + config.topic() + " within " + MAX_BLOCK_MILLIS
                    + " ms: the brokers are unreachable, or the topic does not exist (create it, or let the brokers "
                    + "create topics)", e);
        }
        ready = true;
    }

    @Override
    public boolean connected() {
        Metric c = connections;
        return c != null && c.metricValue() instanceof Number n && n.doubleValue() > 0;
    }

    /**
     * Hands the record to the producer. A failure the producer reports at once, on this thread (it could not learn
     * where the record goes within {@value #MAX_BLOCK_MILLIS} ms: the brokers are away), means the record was never
     * taken: it is thrown, so the sink keeps it and waits for the brokers, instead of counting it lost.
     */
    @Override
    public boolean send(EventRecord record, Outcome outcome) throws KafkaException {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(TYPE_HEADER, ascii(record.type().wire())));
        headers.add(new RecordHeader(SCHEMA_HEADER, ascii(record.type().schema())));
        headers.add(new RecordHeader(SCHEMA_VERSION_HEADER, ascii(Integer.toString(record.type().schemaVersion()))));
        headers.add(new RecordHeader("content-type", ascii("application/json")));
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(config.topic(), null,
                record.stream().getBytes(StandardCharsets.UTF_8), record.json(), headers);
        Thread sender = Thread.currentThread();
        KafkaException[] refused = new KafkaException[1];
        // Failures the producer can retry it retries until the delivery timeout; what reaches the callback later is lost.
        producer.send(r, (metadata, e) -> {
            if (e == null) {
                outcome.sent();
            } else if (Thread.currentThread() == sender && e instanceof TimeoutException t && refused[0] == null) {
                refused[0] = t;
            } else {
                outcome.failed(e);
            }
        });
        if (refused[0] != null) {
            ready = false;
            throw refused[0];
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Flushes what the producer holds for up to {@code timeoutMillis}; the rest fails through its callbacks. */
    @Override
    public void close(long timeoutMillis) {
        if (producer != null) {
            producer.close(Duration.ofMillis(timeoutMillis));
            producer = null;
            ready = false;
        }
    }

    @Override
    public String describe() {
        return config.bootstrapServers() + " topic " + config.topic();
    }
}
