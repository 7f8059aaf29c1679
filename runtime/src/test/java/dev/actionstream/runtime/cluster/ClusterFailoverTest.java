package dev.actionstream.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.fixtures.ColourInput;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestVideos;
import dev.actionstream.runtime.fixtures.brokers.KafkaBroker;
import dev.actionstream.runtime.fixtures.brokers.TcpProxy;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fleet end to end: a real KRaft broker, three {@code serve --cluster} nodes as processes of their own, twelve
 * streams (synthetic and video files). One node reaches the broker through a {@link TcpProxy} only, so cutting the
 * proxy is a network partition between that node and the broker while its API stays reachable.
 *
 * <pre>
 *  test ──streams topic──▶ broker ◀── node-a, node-b (direct)
 *                                 ◀── proxy ◀── node-c
 *  test ◀──/api/status, /api/fleet── every node;  test ◀── events topic
 * </pre>
 *
 * Prints what it measured (failover after kill -9, rejoin, how long a stream was served twice after a partition, a
 * published model reaching every node, a clean stop, a broker restart).
 */
class ClusterFailoverTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 12;
    private static final long SESSION_TIMEOUT_MILLIS = ClusterSettings.DEFAULT_SESSION_TIMEOUT_MILLIS;

    @TempDir
    Path dir;

    /** Twelve names whose keys fall into twelve different partitions: four streams per node of three, exactly. */
    private static List<String> oneNamePerPartition() {
        Map<Integer, String> byPartition = new TreeMap<>();
        for (int i = 0; byPartition.size() < PARTITIONS; i++) {
            String name = "cam-" + i;
            int p = Utils.toPositive(Utils.murmur2(name.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            byPartition.putIfAbsent(p, name);
        }
        return List.copyOf(byPartition.values());
    }

    /** Stream name → the ids of the nodes that list it now (nodes not answering list nothing). */
    private static Map<String, Set<String>> owners(List<NodeProcess> nodes) {
        Map<String, Set<String>> owners = new TreeMap<>();
        for (NodeProcess n : nodes) {
            Set<String> served = n.served();
            if (served != null) {
                served.forEach(s -> owners.computeIfAbsent(s, k -> new TreeSet<>()).add(n.id));
            }
        }
        return owners;
    }

    private static boolean eachOnce(Map<String, Set<String>> owners, List<String> names) {
        return owners.keySet().equals(new TreeSet<>(names)) && owners.values().stream().allMatch(s -> s.size() == 1);
    }

    private static Map<String, Integer> perNode(Map<String, Set<String>> owners) {
        Map<String, Integer> counts = new TreeMap<>();
        owners.values().forEach(s -> s.forEach(n -> counts.merge(n, 1, Integer::sum)));
        return counts;
    }

    private static Map<String, Set<String>> await(List<NodeProcess> nodes, Predicate<Map<String, Set<String>>> done,
                                                  String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Set<String>> o = owners(nodes);
        while (!done.test(o)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; streams served: " + o);
            }
            Thread.sleep(100);
            o = owners(nodes);
        }
        return o;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** Every event on the events topic: stream, node, the time the producer stamped it. */
    private record Seen(String stream, String node, long timestampMs) {
    }

    @Test
    void everyStreamServedOnceThroughKillRejoinAndPartition() throws Exception {
        int proxied = KafkaBroker.freePort();
        List<NodeProcess> started = new ArrayList<>();
        List<Seen> events = java.util.Collections.synchronizedList(new ArrayList<>());
        try (TcpProxy proxy = new TcpProxy(proxied);
             KafkaBroker broker = KafkaBroker.startWithProxiedListener(dir.resolve("kafka"), proxied, proxy.port())) {
            String bootstrap = broker.bootstrapServers();
            ClusterSettings test = new ClusterSettings(bootstrap, "test", SESSION_TIMEOUT_MILLIS, PARTITIONS,
                    ClusterSettings.STREAMS_TOPIC, ClusterSettings.EVENTS_TOPIC, ClusterSettings.NODES_TOPIC,
                    ClusterSettings.GROUP);
            ClusterTopics.ensure(test);
            Thread reader = eventReader(bootstrap, events);

            Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 16, 16);
            Path video = TestVideos.solidColours(dir.resolve("colours.avi"), 64, 48, 20,
                    List.of(ColourInput.BLUE, ColourInput.RED));
            NodeProcess a = NodeProcess.start("node-a", bootstrap, KafkaBroker.freePort(), dir, model);
            NodeProcess b = NodeProcess.start("node-b", bootstrap, KafkaBroker.freePort(), dir, model);
            NodeProcess c = NodeProcess.start("node-c", "127.0.0.1:" + proxy.port(), KafkaBroker.freePort(), dir,
                    model);
            started.addAll(List.of(a, b, c));

            List<String> names = oneNamePerPartition();
            try (StreamDirectory directory = new StreamDirectory(test)) {
                for (int i = 0; i < names.size() - 1; i++) {
                    String source = i % 3 == 0 ? video.toString() : "synthetic:64x48@10?seed=" + i;
                    directory.put(new RuntimeConfig.Stream(names.get(i), source, 1, true, true));
                }
                directory.putRaw("broken", "{\"name\": \"broken\", \"source\":".getBytes(StandardCharsets.UTF_8));
                directory.putRaw("mismatch", StreamRecords.value(
                        new RuntimeConfig.Stream("other", "synthetic", 1, false, true)));
            }
            // The twelfth through a node's API, once that node answers.
            String last = names.get(names.size() - 1);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (a.served() == null && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            HttpResponse<String> posted = a.send(HttpRequest.newBuilder().header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + last
                            + "\",\"source\":\"synthetic:64x48@10?seed=99\"}")));
            assertEquals(202, posted.statusCode(), posted.body());
            HttpResponse<String> bad = a.send(HttpRequest.newBuilder()
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x y\",\"source\":\"synthetic\"}")));
            assertEquals(400, bad.statusCode(), bad.body());

            long t0 = System.nanoTime();
            // Twelve partitions, one stream each: balanced is four streams per node.
            await(List.of(a, b, c), o -> eachOnce(o, names) && perNode(o).values().stream().allMatch(n -> n == 4)
                    && perNode(o).size() == 3, "every stream served by exactly one node, four per node");
            System.out.printf("cluster: 12 streams on 3 nodes, each served once, four per node, %d ms after the "
                    + "last definition%n", millisSince(t0));
            JsonNode streams = a.get("/api/streams");
            assertEquals(12, streams.get("streams").size(), streams.toString());
            assertTrue(streams.get("rejected").has("broken") && streams.get("rejected").has("mismatch"),
                    streams.toString());
            awaitFleet(b, 3);

            // kill -9: the group notices after the session timeout, the others open the streams.
            Set<String> ofA = a.served();
            a.kill();
            long killed = System.nanoTime();
            await(List.of(b, c), o -> eachOnce(o, names), "node-a's streams served again by node-b or node-c");
            long failoverMs = millisSince(killed);
            System.out.printf("cluster: kill -9 of node-a (%d streams): all served again after %d ms "
                    + "(session.timeout.ms %d)%n", ofA.size(), failoverMs, SESSION_TIMEOUT_MILLIS);
            long after = System.currentTimeMillis();
            awaitEvents(events, names, after, Set.of("node-b", "node-c"));
            System.out.printf("cluster: events of all 12 streams on %s again within %d ms of failover%n",
                    ClusterSettings.EVENTS_TOPIC, System.currentTimeMillis() - after);

            // A node restarted (same id) rejoins and takes a share.
            NodeProcess a2 = NodeProcess.start("node-a", bootstrap, KafkaBroker.freePort(), dir, model);
            started.add(a2);
            long restarted = System.nanoTime();
            await(List.of(a2, b, c), o -> eachOnce(o, names) && o.values().stream().anyMatch(s -> s.contains("node-a")),
                    "the restarted node-a taking a share");
            System.out.printf("cluster: restarted node-a serves %s, %d ms after its process started%n", a2.served(),
                    millisSince(restarted));

            // A partition between node-c and the broker: node-c must stop what the others take over.
            Set<String> ofC = c.served();
            Map<String, Long> cStopped = new HashMap<>();
            Map<String, Long> othersStarted = new HashMap<>();
            proxy.partition();
            long cut = System.nanoTime();
            deadline = cut + WAIT.toNanos();
            while (cStopped.size() < ofC.size() || othersStarted.size() < ofC.size()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("after the partition: node-c stopped " + cStopped.keySet()
                            + ", the others took over " + othersStarted.keySet() + " of " + ofC);
                }
                Set<String> cNow = c.served();
                Set<String> others = new HashSet<>();
                for (NodeProcess n : List.of(a2, b)) {
                    Set<String> s = n.served();
                    if (s != null) {
                        others.addAll(s);
                    }
                }
                long now = System.nanoTime();
                for (String s : ofC) {
                    if (cNow != null && !cNow.contains(s)) {
                        cStopped.putIfAbsent(s, now);
                    }
                    if (others.contains(s)) {
                        othersStarted.putIfAbsent(s, now);
                    }
                }
                Thread.sleep(50);
            }
            long doubleMs = 0;
            long gapMs = Long.MAX_VALUE;
            for (String s : ofC) {
                long overlap = TimeUnit.NANOSECONDS.toMillis(cStopped.get(s) - othersStarted.get(s));
                doubleMs = Math.max(doubleMs, overlap);
                gapMs = Math.min(gapMs, -overlap);
            }
            long stoppedMs = TimeUnit.NANOSECONDS.toMillis(cStopped.values().stream().max(Long::compare).orElseThrow()
                    - cut);
            long movedMs = TimeUnit.NANOSECONDS.toMillis(othersStarted.values().stream().max(Long::compare)
                    .orElseThrow() - cut);
            System.out.printf("cluster: partition of node-c (%d streams): node-c stopped them after %d ms, the others "
                    + "served them after %d ms; served twice for at most %d ms (status polled every ~50 ms; "
                    + "shortest gap with none serving: %d ms)%n", ofC.size(), stoppedMs, movedMs, doubleMs,
                    Math.max(0, gapMs));
            assertEquals(0, doubleMs, "node-c stops before the group gives its streams away");

            proxy.heal();
            long healed = System.nanoTime();
            await(List.of(a2, b, c), o -> eachOnce(o, names) && o.values().stream().anyMatch(s -> s.contains("node-c")),
                    "node-c back with a share after the partition healed");
            System.out.printf("cluster: node-c serves %s again %d ms after the partition healed%n", c.served(),
                    millisSince(healed));

            // The fleet's model: published once, validated, warmed up and swapped in by every node.
            Path v2 = TestModels.colour(dir.resolve("colour-v2.onnx"), "colour", "2", 4, 16, 16);
            long published = System.nanoTime();
            FleetModels.publish(test, v2);
            awaitFleetModel(b, "colour 2");
            System.out.printf("cluster: model colour 2 published: served by all 3 nodes after %d ms%n",
                    millisSince(published));

            // A node stopped cleanly (SIGTERM) leaves the group: no session timeout to wait for.
            Set<String> ofB = b.served();
            long stopping = System.nanoTime();
            b.close();
            await(List.of(a2, c), o -> eachOnce(o, names), "node-b's streams served again after its clean stop");
            System.out.printf("cluster: node-b stopped cleanly (SIGTERM, %d streams): all served again after %d ms%n",
                    ofB.size(), millisSince(stopping));

            // A broker restart: every node loses its coordinator; past the silence limit they stop, then rejoin.
            broker.kill();
            long down = System.nanoTime();
            broker.restart();
            long back = System.nanoTime();
            int during = owners(List.of(a2, c)).size();
            await(List.of(a2, c), o -> eachOnce(o, names), "every stream served once after the broker restart");
            System.out.printf("cluster: broker killed and restarted (down %d ms; %d streams served when it was back): "
                    + "all 12 served once again %d ms after it was back%n", TimeUnit.NANOSECONDS.toMillis(back - down),
                    during, millisSince(back));
            reader.interrupt();
        } catch (AssertionError | RuntimeException e) {
            for (NodeProcess n : started) {
                System.out.println("---- " + n.id + ":" + n.port + " log tail\n" + n.logTail());
            }
            throw e;
        } finally {
            for (NodeProcess n : started) {
                n.close();
            }
        }
    }

    /** Until the fleet, as {@code node} reads it, shows {@code expected} live nodes serving the 12 streams. */
    private static void awaitFleet(NodeProcess node, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode fleet = node.get("/api/fleet");
        while (fleet == null || countAlive(fleet) != expected || servedInFleet(fleet) != 12) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fleet never showed " + expected + " nodes serving 12 streams: " + fleet);
            }
            Thread.sleep(200);
            fleet = node.get("/api/fleet");
        }
        for (JsonNode n : fleet.get("nodes")) {
            assertEquals("colour 1", n.get("model").asText(), n.toString());
        }
    }

    private static void awaitFleetModel(NodeProcess node, String model) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode fleet = node.get("/api/fleet");
            int on = 0;
            if (fleet != null) {
                for (JsonNode n : fleet.get("nodes")) {
                    if (n.get("alive").asBoolean() && model.equals(n.get("model").asText())) {
                        on++;
                    }
                }
            }
            if (on == 3) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the fleet never served " + model + " everywhere: " + fleet);
            }
            Thread.sleep(200);
        }
    }

    private static int servedInFleet(JsonNode fleet) {
        int streams = 0;
        for (JsonNode n : fleet.get("nodes")) {
            if (n.get("alive").asBoolean()) {
                streams += n.get("streams").size();
            }
        }
        return streams;
    }

    private static int countAlive(JsonNode fleet) {
        int alive = 0;
        for (JsonNode n : fleet.get("nodes")) {
            if (n.get("alive").asBoolean()) {
                alive++;
            }
        }
        return alive;
    }

    private static void awaitEvents(List<Seen> events, List<String> names, long sinceMs, Set<String> nodes)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Map<String, String> latest = new ConcurrentHashMap<>();
            synchronized (events) {
                for (Seen e : events) {
                    if (e.timestampMs() >= sinceMs) {
                        latest.put(e.stream(), e.node());
                    }
                }
            }
            if (latest.keySet().containsAll(names)) {
                latest.values().forEach(n -> assertTrue(nodes.contains(n), "event from " + n));
                return;
            }
            if (System.nanoTime() > deadline) {
                Set<String> missing = new TreeSet<>(names);
                missing.removeAll(latest.keySet());
                throw new AssertionError("no events since failover for " + missing);
            }
            Thread.sleep(200);
        }
    }

    private static Thread eventReader(String bootstrap, List<Seen> events) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-events");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        Thread t = new Thread(() -> {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
                c.subscribe(List.of(ClusterSettings.EVENTS_TOPIC));
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        JsonNode e = Json.MAPPER.readTree(r.value());
                        assertFalse(e.path("node").asText().isEmpty(), "event without its node: " + r.value());
                        assertEquals(r.key(), e.get("stream").asText());
                        events.add(new Seen(r.key(), e.get("node").asText(), r.timestamp()));
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
                // The test is over.
            } catch (Exception e) {
                events.add(new Seen("reader failed: " + e, "", 0));
            }
        }, "test-events");
        t.setDaemon(true);
        t.start();
        Objects.requireNonNull(t);
        return t;
    }
}
