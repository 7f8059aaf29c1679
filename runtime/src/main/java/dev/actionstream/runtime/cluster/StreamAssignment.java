package dev.actionstream.runtime.cluster;

import dev.actionstream.config.RuntimeConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Decides which streams this node serves: one member of the consumer group on the streams topic (classic protocol,
 * {@link CooperativeStickyAssignor}: a rebalance moves only the partitions that must move). The partitions the group
 * assigns are read from their beginning to their end, then their streams are opened; later records on them are applied
 * as they come (a tombstone stops its stream, a changed definition restarts it, a malformed one is logged and
 * skipped). Revoked or lost partitions stop their streams.
 *
 * <p>A node cut off from the brokers keeps its partitions in its own eyes until it hears otherwise, while the group
 * hands them to others once its session times out. So the {@code cluster-streams} thread also watches for answers from
 * the group coordinator (heartbeats, joins, syncs): with none for {@link ClusterSettings#silenceLimitMillis()} (a
 * heartbeat short of the session timeout) it stops every stream itself, and serves again only after a rebalance it
 * asks for once the coordinator answers again. Everything here runs on that one thread.
 */
public final class StreamAssignment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamAssignment.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** Offset look-ups on the polling thread wait no longer than this. */
    private static final Duration LOOKUP = Duration.ofMillis(500);
    private static final Set<String> CONTACT_METRICS = Set.of("heartbeat-total", "join-total", "sync-total");

    private final ClusterSettings settings;
    private final StreamHost host;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<Metric> contact = new ArrayList<>();

    /** Per owned partition: the definitions read so far, by name. */
    private final Map<TopicPartition, Map<String, RuntimeConfig.Stream>> desired = new HashMap<>();
    /** Owned partitions still being read up to the end offset noted when they were assigned. */
    private final Map<TopicPartition, Long> catchingUp = new HashMap<>();
    /** Streams opened here, with the partition they came from. */
    private final Map<String, RuntimeConfig.Stream> serving = new HashMap<>();
    private final Map<String, TopicPartition> servingPartition = new HashMap<>();
    private final Map<String, String> rejected = new TreeMap<>();
    private double contactCount = -1;
    private long lastContactNanos = System.nanoTime();
    private boolean suspended;
    private boolean rebalanceAsked;
    private volatile boolean running = true;

    private volatile List<String> servedNames = List.of();
    private volatile Map<String, String> rejectedView = Map.of();
    private volatile long lag;
    private volatile boolean suspendedView;

    public StreamAssignment(ClusterSettings settings, StreamHost host) {
        this.settings = settings;
        this.host = host;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.nodeId() + "-assignment");
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(settings.sessionTimeoutMillis()));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(settings.heartbeatMillis()));
        // Offsets are never committed: every assignment reads its partitions from the beginning (they are compacted).
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(p);
        for (Map.Entry<MetricName, ? extends Metric> m : consumer.metrics().entrySet()) {
            if (m.getKey().group().equals("consumer-coordinator-metrics")
                    && CONTACT_METRICS.contains(m.getKey().name())) {
                contact.add(m.getValue());
            }
        }
        if (contact.size() != CONTACT_METRICS.size()) {
            throw new IllegalStateException("the Kafka consumer lacks coordinator metrics " + CONTACT_METRICS
                    + ": cannot tell when the group stopped answering");
        }
        this.thread = new Thread(this::run, "cluster-streams");
        this.thread.setDaemon(true);
    }

    public StreamAssignment start() {
        consumer.subscribe(List.of(settings.streamsTopic()), new Listener());
        thread.start();
        return this;
    }

    private void run() {
        long failures = 0;
        try {
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
                        apply(r);
                    }
                    caughtUp();
                    updateLag();
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    if (failures++ % 50 == 0) {
                        LOG.error("cluster: polling the streams topic failed ({} so far)", failures, e);
                    }
                    sleep(200);
                }
                watchContact();
            }
        } catch (RuntimeException e) {
            LOG.error("cluster: the assignment thread failed; stopping this node's streams", e);
        } finally {
            stopAll("the node leaves the group");
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("cluster: closing the consumer failed", e);
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        TopicPartition p = new TopicPartition(r.topic(), r.partition());
        Map<String, RuntimeConfig.Stream> defs = desired.get(p);
        if (defs == null) {
            return;
        }
        if (r.key() == null) {
            LOG.warn("cluster: record at {}@{} has no key (the key is the stream's name): ignored", p, r.offset());
            return;
        }
        String name = new String(r.key(), StandardCharsets.UTF_8);
        if (r.value() == null) {
            defs.remove(name);
            rejected.remove(name);
        } else {
            try {
                defs.put(name, StreamRecords.parse(r.key(), r.value()));
                rejected.remove(name);
            } catch (IllegalArgumentException e) {
                // The stream keeps the definition it had; the others are not affected.
                LOG.warn("cluster: rejected at {}@{}: {}", p, r.offset(), e.getMessage());
                rejected.put(name, e.getMessage());
            }
        }
        rejectedView = Map.copyOf(rejected);
        if (!catchingUp.containsKey(p)) {
            reconcile(p);
        }
    }

    private void caughtUp() {
        if (catchingUp.isEmpty()) {
            return;
        }
        for (TopicPartition p : new ArrayList<>(catchingUp.keySet())) {
            long position;
            try {
                // Bounded: a position still to be looked up must not hold the silence watch up while cut off.
                position = consumer.position(p, LOOKUP);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                continue;
            }
            if (position >= catchingUp.get(p)) {
                catchingUp.remove(p);
                reconcile(p);
            }
        }
    }

    /** Makes the streams served from {@code p} what its definitions say (none while suspended). */
    private void reconcile(TopicPartition p) {
        Map<String, RuntimeConfig.Stream> defs = desired.getOrDefault(p, Map.of());
        for (String name : new ArrayList<>(serving.keySet())) {
            if (p.equals(servingPartition.get(name)) && (suspended || !serving.get(name).equals(defs.get(name)))) {
                stop(name);
            }
        }
        if (suspended) {
            return;
        }
        for (RuntimeConfig.Stream s : defs.values()) {
            if (!serving.containsKey(s.name())) {
                try {
                    host.add(s);
                    serving.put(s.name(), s);
                    servingPartition.put(s.name(), p);
                } catch (RuntimeException e) {
                    LOG.error("cluster: cannot serve stream {}: {}", s.name(), e.getMessage());
                    rejected.put(s.name(), e.getMessage());
                    rejectedView = Map.copyOf(rejected);
                }
            }
        }
        servedNames = List.copyOf(new TreeSet<>(serving.keySet()));
    }

    private void stop(String name) {
        try {
            host.remove(name);
        } catch (RuntimeException e) {
            LOG.error("cluster: stopping stream {} failed", name, e);
        }
        serving.remove(name);
        servingPartition.remove(name);
        servedNames = List.copyOf(new TreeSet<>(serving.keySet()));
    }

    private void stopAll(String why) {
        if (!serving.isEmpty()) {
            LOG.info("cluster: stopping {} stream(s): {}", serving.size(), why);
        }
        for (String name : new ArrayList<>(serving.keySet())) {
            stop(name);
        }
    }

    private void forget(Collection<TopicPartition> parts, String why) {
        for (TopicPartition p : parts) {
            for (String name : new ArrayList<>(serving.keySet())) {
                if (p.equals(servingPartition.get(name))) {
                    stop(name);
                }
            }
            desired.remove(p);
            catchingUp.remove(p);
        }
        if (!parts.isEmpty()) {
            LOG.info("cluster: partitions {} {}", parts, why);
        }
    }

    /** Stops everything when the coordinator has been silent too long; asks to rejoin once it answers again. */
    private void watchContact() {
        double count = 0;
        for (Metric m : contact) {
            if (m.metricValue() instanceof Number n) {
                count += n.doubleValue();
            }
        }
        long now = System.nanoTime();
        if (count != contactCount) {
            contactCount = count;
            lastContactNanos = now;
            if (suspended && !rebalanceAsked) {
                LOG.info("cluster: the group coordinator answers again: rejoining before serving again");
                consumer.enforceRebalance("answers again after a silence");
                rebalanceAsked = true;
            }
            return;
        }
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(now - lastContactNanos);
        if (!suspended && silentMillis >= settings.silenceLimitMillis() && !desired.isEmpty()) {
            suspended = true;
            suspendedView = true;
            rebalanceAsked = false;
            stopAll("no answer from the group coordinator for " + silentMillis + " ms (session timeout "
                    + settings.sessionTimeoutMillis() + " ms): another node may be given them");
        }
    }

    private void updateLag() {
        long total = 0;
        for (TopicPartition p : desired.keySet()) {
            OptionalLong l = consumer.currentLag(p);
            total += l.orElse(0);
        }
        lag = total;
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> parts) {
            forget(parts, "revoked");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> parts) {
            forget(parts, "lost (this node's session ended)");
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> parts) {
            if (suspended) {
                suspended = false;
                suspendedView = false;
                LOG.info("cluster: back in the group; serving the streams of {} partition(s)", desired.size());
                for (TopicPartition p : new HashSet<>(desired.keySet())) {
                    if (!catchingUp.containsKey(p)) {
                        reconcile(p);
                    }
                }
            }
            if (parts.isEmpty()) {
                return;
            }
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends;
            try {
                ends = consumer.endOffsets(parts, Duration.ofSeconds(5));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // Serve what has been read as it comes, rather than nothing until the end is known.
                LOG.warn("cluster: end offsets of {} unknown: applying their records as they come", parts);
                ends = Map.of();
            }
            for (TopicPartition p : parts) {
                desired.put(p, new HashMap<>());
                catchingUp.put(p, ends.getOrDefault(p, 0L));
            }
            LOG.info("cluster: partitions {} assigned", parts);
        }
    }

    /** Streams served here now, by name. */
    public List<String> served() {
        return servedNames;
    }

    /** Names whose definition was rejected (malformed, or the node could not open it), with why. */
    public Map<String, String> rejected() {
        return rejectedView;
    }

    /** Records of the owned partitions not read yet. */
    public long lag() {
        return lag;
    }

    /** Whether the node stopped its streams because the group coordinator went silent. */
    public boolean suspended() {
        return suspendedView;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops this node's streams and leaves the group, so the others take them over at once. */
    @Override
    public void close() {
        running = false;
        TopicReader.stop(consumer, thread, 30_000);
    }
}
