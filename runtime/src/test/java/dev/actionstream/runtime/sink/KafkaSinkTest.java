package dev.actionstream.runtime.sink;

import static dev.actionstream.runtime.sink.SinkEvents.label;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.config.KafkaSinkConfig;
import dev.actionstream.runtime.events.EventRecord;
import dev.actionstream.runtime.events.EventType;
import dev.actionstream.runtime.fixtures.brokers.KafkaBroker;
import dev.actionstream.runtime.sink.kafka.KafkaTransport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka sink against a real Kafka broker (KRaft, its own JVM), read back by a real consumer. */
class KafkaSinkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static KafkaBroker broker;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private BufferedSink sink(KafkaSinkConfig config, int buffer) {
        return new BufferedSink(config.name(), "kafka", new KafkaTransport(config), buffer, 100, 1_000, registry)
                .start();
    }

    @Test
    void deliversEveryEventKeyedByStreamInOrderWithItsSchemaInTheHeaders() throws Exception {
        broker.createTopic("events-a", 3);
        BufferedSink sink = sink(KafkaSinkConfig.of(broker.bootstrapServers(), "events-a"), 1_000);
        for (long seq = 1; seq <= 150; seq++) {
            sink.onLabel(label("cam1", seq, "walking"));
            sink.onLabel(label("door", seq, "waving"));
        }
        sink.onRecord(EventRecord.of(EventType.EPISODE, "cam1", "{\"type\":\"episode\",\"stream\":\"cam1\"}"));
        List<ConsumerRecord<byte[], byte[]>> records = consume("events-a", 3, 301);
        sink.close();

        Map<String, Set<Integer>> partitions = new HashMap<>();
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            String value = new String(r.value(), StandardCharsets.UTF_8);
            assertEquals(key, SinkEvents.json(value).get("stream").asText(), "keyed by stream");
            partitions.computeIfAbsent(key, k -> new HashSet<>()).add(r.partition());
            values.add(value);
            String type = header(r, KafkaTransport.TYPE_HEADER);
            assertEquals(type.equals("label") ? "label-event" : "episode-event",
                    header(r, KafkaTransport.SCHEMA_HEADER));
            assertEquals("1", header(r, KafkaTransport.SCHEMA_VERSION_HEADER));
        }
        assertEquals(Set.of(1), Set.copyOf(partitions.values().stream().map(Set::size).toList()),
                "each stream's events share one partition: " + partitions);
        // Records of one partition are read in the order they were written.
        Map<String, List<Long>> seqs = SinkEvents.sequencesInOrder(values);
        List<Long> expected = LongStream.rangeClosed(1, 150).boxed().toList();
        assertEquals(expected, seqs.get("cam1"));
        assertEquals(expected, seqs.get("door"));
        assertEquals(301, sink.meters().sentCount());
        assertEquals(0, sink.meters().failedCount() + sink.meters().droppedCount());
        assertTrue(registry.scrape().contains(
                "actionstream_sink_events_sent_total{sink=\"kafka\",type=\"kafka\"} 301.0"));
    }

    @Test
    void keepsEventsWhileTheBrokerIsDownAndDeliversThemInOrderAfterItsRestart() throws Exception {
        broker.createTopic("events-b", 1);
        BufferedSink sink = sink(KafkaSinkConfig.of(broker.bootstrapServers(), "events-b"), 50);
        long seq = 0;
        while (seq < 20) {
            sink.onLabel(label("cam1", ++seq, "walking"));
        }
        assertEquals(20, consume("events-b", 1, 20).size());

        broker.kill();
        // Publishing never waits for the broker: 80 events while it is away take a few milliseconds.
        long start = System.nanoTime();
        while (seq < 100) {
            sink.onLabel(label("cam1", ++seq, "walking"));
        }
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "publishing blocked while the broker was down");
        Thread.sleep(1_500);
        assertTrue(!sink.connected(), "the sink knows the broker is away");

        broker.restart();
        // Its buffer is full until the sink is back and has emptied it; events published then would be dropped.
        MqttSinkTest.awaitDrained(sink);
        while (seq < 120) {
            sink.onLabel(label("cam1", ++seq, "running"));
        }
        List<ConsumerRecord<byte[], byte[]>> records = consumeUntil("events-b", 1, "\"sequence\":120,");
        sink.close();

        List<Long> got = SinkEvents.sequencesInOrder(records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList()).get("cam1");
        SinkMeters m = sink.meters();
        assertEquals(120, m.sentCount() + m.failedCount() + m.droppedCount(), "every event is accounted for");
        assertTrue(120 - got.size() <= m.failedCount() + m.droppedCount(),
                "lost " + (120 - got.size()) + ", counted " + m.failedCount() + " failed, " + m.droppedCount()
                        + " dropped");
        assertTrue(got.containsAll(LongStream.rangeClosed(101, 120).boxed().toList()), "events after the restart");
        // Besides the 20 before and the 20 after: at least a full buffer's worth, plus whatever the producer held.
        assertTrue(got.size() >= 20 + 50 + 20, "buffered events arrived too: " + got);
    }

    @Test
    void refusesAProducerPropertyItCannotTakeBeforeStarting() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new KafkaTransport(KafkaSinkConfig.of(broker.bootstrapServers(), "t")
                        .withProperties(Map.of("security.protocol", "SSLL"))));
        assertTrue(e.getMessage().contains("sinks.kafka.properties") && e.getMessage().contains("SSLL"),
                e.getMessage());
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int partitions, int count) {
        List<ConsumerRecord<byte[], byte[]>> got = read(topic, partitions, all -> all.size() >= count);
        assertTrue(got.size() >= count, "only " + got.size() + " of " + count + " records arrived");
        return got;
    }

    private static List<ConsumerRecord<byte[], byte[]>> consumeUntil(String topic, int partitions, String marker) {
        List<ConsumerRecord<byte[], byte[]>> got = read(topic, partitions, all -> all.stream()
                .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker)));
        assertTrue(got.stream().anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(marker)),
                "no record with " + marker + " among " + got.size() + "; broker log:\n" + broker.logTail());
        return got;
    }

    /** Reads the topic from its start until {@code done} or {@link #WAIT}. */
    private static List<ConsumerRecord<byte[], byte[]>> read(String topic, int partitions,
                                                            java.util.function.Predicate<List<ConsumerRecord<byte[], byte[]>>> done) {
        Properties p = broker.clientProperties();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tps = new ArrayList<>();
            for (int i = 0; i < partitions; i++) {
                tps.add(new TopicPartition(topic, i));
            }
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!done.test(all) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }
}
