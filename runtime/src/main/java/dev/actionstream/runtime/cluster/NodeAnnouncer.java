package dev.actionstream.runtime.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.actionstream.config.Json;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Announces this node on the compacted nodes topic every {@link #PERIOD_MILLIS} ms (key: node id; value: what
 * {@code about} says, with {@code lastSeenMs}); a node that stops cleanly leaves a tombstone. Thread
 * {@code cluster-announce}; a failed send is logged and the next one tries again.
 */
public final class NodeAnnouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeAnnouncer.class);
    public static final long PERIOD_MILLIS = 2_000;

    private final ClusterSettings settings;
    private final Supplier<Map<String, Object>> about;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cluster-announce");
        t.setDaemon(true);
        return t;
    });
    private long failures;

    public NodeAnnouncer(ClusterSettings settings, Supplier<Map<String, Object>> about) {
        this.settings = settings;
        this.about = about;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.nodeId() + "-announce");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(PERIOD_MILLIS));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "5000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    public NodeAnnouncer start() {
        timer.scheduleAtFixedRate(this::announce, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void announce() {
        try {
            byte[] value = Json.MAPPER.writeValueAsBytes(about.get());
            producer.send(new ProducerRecord<>(settings.nodesTopic(), key(), value), (m, e) -> {
                if (e != null && failures++ % 30 == 0) {
                    LOG.warn("cluster: announcing node {} failed ({} so far): {}", settings.nodeId(), failures,
                            e.getMessage());
                }
            });
        } catch (JsonProcessingException | RuntimeException e) {
            if (failures++ % 30 == 0) {
                LOG.warn("cluster: announcing node {} failed ({} so far): {}", settings.nodeId(), failures,
                        e.getMessage());
            }
        }
    }

    private byte[] key() {
        return settings.nodeId().getBytes(StandardCharsets.UTF_8);
    }

    /** Stops announcing and leaves a tombstone: the fleet forgets a node that left on purpose. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            producer.send(new ProducerRecord<>(settings.nodesTopic(), key(), null)).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("cluster: could not say goodbye on {}: {}", settings.nodesTopic(), e.getMessage());
        }
        producer.close(Duration.ofSeconds(3));
    }
}
