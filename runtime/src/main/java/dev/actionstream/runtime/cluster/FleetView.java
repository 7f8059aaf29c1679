package dev.actionstream.runtime.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.actionstream.config.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The fleet as the nodes topic tells it: every node's latest announcement, read by thread {@code cluster-fleet}
 * (no consumer group: every node reads the whole topic). A node whose last announcement is older than the session
 * timeout is shown {@code alive: false} (killed, or cut off), until it announces again or leaves.
 */
public final class FleetView implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetView.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ClusterSettings settings;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Map<String, Object>> nodes = new ConcurrentSkipListMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    public FleetView(ClusterSettings settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.nodeId() + "-fleet");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.thread = new Thread(this::run, "cluster-fleet");
        this.thread.setDaemon(true);
    }

    public FleetView start() {
        List<TopicPartition> parts = new ArrayList<>();
        for (PartitionInfo i : consumer.partitionsFor(settings.nodesTopic(), Duration.ofSeconds(15))) {
            parts.add(new TopicPartition(i.topic(), i.partition()));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        thread.start();
        return this;
    }

    private void run() {
        TopicReader.run(consumer, settings.nodesTopic(), () -> running, LOG, records -> records.forEach(this::apply));
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        if (r.key() == null) {
            return;
        }
        String node = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            nodes.remove(node);
            return;
        }
        try {
            nodes.put(node, Json.MAPPER.readValue(r.value(), MAP));
        } catch (IOException e) {
            LOG.warn("cluster: announcement of node {} is not JSON: ignored", node);
        }
    }

    /** Every node known, by id, each with {@code alive} and {@code ageMs} (since its last announcement). */
    public List<Map<String, Object>> nodes() {
        long now = System.currentTimeMillis();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> n : nodes.values()) {
            Map<String, Object> m = new LinkedHashMap<>(n);
            long seen = n.get("lastSeenMs") instanceof Number x ? x.longValue() : 0;
            m.put("ageMs", now - seen);
            m.put("alive", now - seen <= settings.sessionTimeoutMillis());
            out.add(m);
        }
        return out;
    }

    @Override
    public void close() {
        running = false;
        TopicReader.stop(consumer, thread, 5_000);
    }
}
