package dev.actionstream.runtime.cluster;

import dev.actionstream.runtime.models.ModelControl;
import dev.actionstream.runtime.models.ModelInfo;
import dev.actionstream.runtime.models.ModelRejectedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fleet's model on the compacted {@value ClusterSettings#MODELS_TOPIC} topic: one record (key {@code model}), its
 * value the ONNX file's bytes (at most {@value ClusterSettings#MAX_MODEL_BYTES}, checked on both sides), headers
 * {@code file-name} and {@code sha256}. {@link #publish} writes it; on a node, thread {@code cluster-models} reads the
 * topic from the beginning and hands the latest model to the registry, which validates, warms up and swaps it exactly
 * as for an upload (a rejected model leaves the serving one in place). Split (encoder + head) models are not carried.
 */
public final class FleetModels implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetModels.class);
    /** The topic's and the clients' record limit: the model and its headers. */
    static final int MAX_RECORD_BYTES = ClusterSettings.MAX_MODEL_BYTES + 64 * 1024;
    private static final byte[] KEY = "model".getBytes(StandardCharsets.UTF_8);

    private final ClusterSettings settings;
    private final ModelControl models;
    private final Path scratch;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String applied;
    private volatile String lastError = "";

    /** @param scratch where a received model is written before the registry validates it */
    public FleetModels(ClusterSettings settings, ModelControl models, Path scratch) {
        this.settings = settings;
        this.models = models;
        this.scratch = scratch;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.nodeId() + "-models");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES));
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(MAX_RECORD_BYTES));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        this.thread = new Thread(this::run, "cluster-models");
        this.thread.setDaemon(true);
    }

    public FleetModels start() {
        TopicPartition p = new TopicPartition(ClusterSettings.MODELS_TOPIC, 0);
        consumer.assign(List.of(p));
        consumer.seekToBeginning(List.of(p));
        thread.start();
        return this;
    }

    private void run() {
        TopicReader.run(consumer, ClusterSettings.MODELS_TOPIC, () -> running, LOG, records -> {
            ConsumerRecord<byte[], byte[]> latest = null;
            // Only the newest of what arrived together is worth loading.
            for (ConsumerRecord<byte[], byte[]> r : records) {
                latest = r;
            }
            if (latest != null && latest.value() != null) {
                apply(latest);
            }
        });
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        String fileName = header(r, "file-name");
        String sha = header(r, "sha256");
        byte[] bytes = r.value();
        try {
            if (bytes.length > ClusterSettings.MAX_MODEL_BYTES) {
                throw new ModelRejectedException("fleet model of " + bytes.length + " bytes: over the limit of "
                        + ClusterSettings.MAX_MODEL_BYTES);
            }
            if (fileName == null || sha == null) {
                throw new ModelRejectedException("fleet model record without file-name or sha256 header");
            }
            if (!sha.equals(sha256(bytes))) {
                throw new ModelRejectedException("fleet model " + fileName + ": its bytes do not match its sha256");
            }
            if (sha.equals(applied)) {
                return;
            }
            Files.createDirectories(scratch);
            Path tmp = Files.createTempFile(scratch, ".fleet-", ".part");
            try {
                Files.write(tmp, bytes);
                ModelInfo info = models.install(fileName, tmp);
                applied = sha;
                lastError = "";
                LOG.info("cluster: serving the fleet's model {} ({} bytes, sha256 {})", info, bytes.length,
                        sha.substring(0, 12));
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (ModelRejectedException e) {
            lastError = e.getMessage();
            LOG.error("cluster: fleet model rejected, the serving model stays: {}", e.getMessage());
        } catch (IOException e) {
            lastError = e.toString();
            LOG.error("cluster: fleet model could not be written to {}", scratch, e);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Why the last fleet model was refused here; empty when the last one was taken. */
    public String lastError() {
        return lastError;
    }

    /**
     * Announces {@code file} as the fleet's model; returns once the brokers have it.
     *
     * @throws IllegalArgumentException when the file cannot be read or is over {@value ClusterSettings#MAX_MODEL_BYTES}
     *                                  bytes (serve it from each node's models directory instead)
     */
    public static void publish(ClusterSettings settings, Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > ClusterSettings.MAX_MODEL_BYTES) {
                throw new IllegalArgumentException(file + " is " + size + " bytes, over the fleet's limit of "
                        + ClusterSettings.MAX_MODEL_BYTES + " bytes in a record: copy it into each node's models "
                        + "directory instead");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(MAX_RECORD_BYTES));
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Integer.toString(2 * MAX_RECORD_BYTES));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("file-name", file.getFileName().toString().getBytes(StandardCharsets.UTF_8)));
        headers.add(new RecordHeader("sha256", sha256(bytes).getBytes(StandardCharsets.UTF_8)));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(ClusterSettings.MODELS_TOPIC, null, KEY, bytes, headers))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the model on " + settings.bootstrap() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no acknowledgement from Kafka at " + settings.bootstrap() + " in 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        running = false;
        TopicReader.stop(consumer, thread, 30_000);
    }
}
