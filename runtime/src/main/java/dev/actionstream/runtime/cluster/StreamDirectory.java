package dev.actionstream.runtime.cluster;

import dev.actionstream.config.RuntimeConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes and reads the stream definitions on the streams topic: what {@code actionstream streams add|rm|list} and
 * {@code /api/streams} do. A write returns once the brokers acknowledged it; whichever node owns the stream's
 * partition then applies it.
 */
public final class StreamDirectory implements AutoCloseable {

    private static final long WRITE_TIMEOUT_SECONDS = 15;

    private final ClusterSettings settings;
    private final KafkaProducer<byte[], byte[]> producer;

    public StreamDirectory(ClusterSettings settings) {
        this.settings = settings;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, settings.nodeId() + "-streams");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    /** Defines or redefines {@code stream}. */
    public void put(RuntimeConfig.Stream stream) {
        write(StreamRecords.key(stream.name()), StreamRecords.value(stream));
    }

    /** Deletes {@code name} (a tombstone): its node stops it; compaction removes the definition later. */
    public void delete(String name) {
        write(StreamRecords.key(name), null);
    }

    /** Writes anything as a definition, well formed or not (tests of malformed records). */
    public void putRaw(String key, byte[] value) {
        write(key == null ? null : StreamRecords.key(key), value);
    }

    private void write(byte[] key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(settings.streamsTopic(), key, value))
                    .get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot write to " + settings.streamsTopic() + " on "
                    + settings.bootstrap() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from Kafka at " + settings.bootstrap() + " within "
                    + WRITE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The definitions as they stand (the latest record per name), by name; malformed ones are in {@link Listing}. */
    public Listing list() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, RuntimeConfig.Stream> streams = new TreeMap<>();
        Map<String, String> rejected = new TreeMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo i : c.partitionsFor(settings.streamsTopic(), Duration.ofSeconds(15))) {
                parts.add(new TopicPartition(i.topic(), i.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = c.endOffsets(parts, Duration.ofSeconds(15));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!atEnd(c, ends)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + settings.streamsTopic() + " took over 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String name = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        streams.remove(name);
                        rejected.remove(name);
                        continue;
                    }
                    try {
                        streams.put(name, StreamRecords.parse(r.key(), r.value()));
                        rejected.remove(name);
                    } catch (IllegalArgumentException e) {
                        streams.remove(name);
                        rejected.put(name, e.getMessage());
                    }
                }
            }
        }
        return new Listing(List.copyOf(streams.values()), rejected);
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> c, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The well-formed definitions, and the names whose latest record is malformed with why. */
    public record Listing(List<RuntimeConfig.Stream> streams, Map<String, String> rejected) {
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
