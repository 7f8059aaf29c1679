package dev.actionstream.runtime.sink;

import static dev.actionstream.runtime.sink.SinkEvents.label;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.MqttSinkConfig;
import dev.actionstream.runtime.events.EventRecord;
import dev.actionstream.runtime.events.EventType;
import dev.actionstream.runtime.fixtures.brokers.MosquittoBroker;
import dev.actionstream.runtime.fixtures.brokers.MqttSubscriber;
import dev.actionstream.runtime.fixtures.brokers.MqttSubscriber.Message;
import dev.actionstream.runtime.fixtures.brokers.TcpProxy;
import dev.actionstream.runtime.sink.mqtt.MqttTransport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT sink against a real Mosquitto, read by a real subscriber. */
class MqttSinkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> STREAMS = List.of("cam1", "door");

    @TempDir
    Path dir;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private BufferedSink sink(MqttSinkConfig config, int buffer) {
        return new BufferedSink(config.name(), "mqtt", new MqttTransport(config, STREAMS), buffer, 100, 400, registry)
                .start();
    }

    private static boolean isEvent(Message m) {
        return m.topic().endsWith("/events");
    }

    @Test
    void deliversEveryEventInOrderPerStreamRetainsTheLabelAndAnnouncesStreamsToHomeAssistant() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir);
             MqttSubscriber all = MqttSubscriber.subscribe(broker.url(), "#")) {
            BufferedSink sink = sink(MqttSinkConfig.of(broker.url()).withHomeAssistant(true), 1_000);
            for (long seq = 1; seq <= 150; seq++) {
                sink.onLabel(label("cam1", seq, seq < 100 ? "walking" : "running"));
                sink.onLabel(label("door", seq, "waving"));
            }
            sink.onRecord(EventRecord.of(EventType.EPISODE, "cam1", "{\"type\":\"episode\",\"phase\":\"start\"}"));
            assertTrue(all.await(MqttSinkTest::isEvent, 301, WAIT), "every event arrives: " + all.messages().size());

            List<String> cam1 = all.on("actionstream/cam1/events").stream().map(Message::payload).toList();
            List<String> door = all.on("actionstream/door/events").stream().map(Message::payload).toList();
            Map<String, List<Long>> seqs = SinkEvents.sequencesInOrder(
                    all.messages().stream().filter(MqttSinkTest::isEvent).map(Message::payload).toList());
            List<Long> expected = LongStream.rangeClosed(1, 150).boxed().toList();
            assertEquals(expected, seqs.get("cam1"));
            assertEquals(expected, seqs.get("door"));
            assertEquals("episode", SinkEvents.json(cam1.get(cam1.size() - 1)).get("type").asText(),
                    "an episode event published after cam1's labels arrives after them");
            assertEquals(150, door.size());
            // The label topic follows changes only: walking, then running.
            assertEquals(List.of("walking", "running"),
                    all.on("actionstream/cam1/label").stream().map(Message::payload).toList());

            JsonNode discovery = SinkEvents.json(
                    all.on("homeassistant/sensor/actionstream/door/config").get(0).payload());
            assertEquals("actionstream/door/label", discovery.get("state_topic").asText());
            assertEquals("actionstream/status", discovery.get("availability_topic").asText());
            assertEquals("actionstream_door", discovery.get("device").get("identifiers").get(0).asText());

            // A client that subscribes later finds the current label and the status retained.
            try (MqttSubscriber late = MqttSubscriber.subscribe(broker.url(), "actionstream/+/label")) {
                assertTrue(late.await(m -> m.retained(), 2, WAIT));
                assertEquals(new Message("actionstream/cam1/label", "running", true),
                        late.on("actionstream/cam1/label").get(0));
            }
            assertEquals(List.of("online"), all.on("actionstream/status").stream().map(Message::payload).toList());
            assertEquals(301, sink.meters().sentCount());
            assertTrue(registry.scrape().contains(
                    "actionstream_sink_events_sent_total{sink=\"mqtt\",type=\"mqtt\"} 301.0"), registry.scrape());
            assertTrue(registry.scrape().contains("actionstream_sink_connected{sink=\"mqtt\",type=\"mqtt\"} 1.0"));

            sink.close();
            assertTrue(all.await(m -> m.topic().equals("actionstream/status"), 2, WAIT));
            assertEquals("offline", all.on("actionstream/status").get(1).payload(), "a clean close says offline");
            assertEquals(0, sink.meters().failedCount() + sink.meters().droppedCount());
        }
    }

    @Test
    void logsInWithUsernameAndPasswordAndHoldsEventsWhileRefused() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.startWithLogin(dir, "camera", "s3cret");
             MqttSubscriber all = MqttSubscriber.subscribe(broker.url(), "sub", "camera", "s3cret", "actionstream/#")) {
            BufferedSink good = sink(MqttSinkConfig.of(broker.url()).withLogin("camera", "s3cret"), 100);
            BufferedSink wrong = sink(MqttSinkConfig.of(broker.url()).withLogin("camera", "nope")
                    .withIdentity("wrong", "other"), 100);
            for (long seq = 1; seq <= 10; seq++) {
                good.onLabel(label("cam1", seq, "walking"));
                wrong.onLabel(label("door", seq, "walking"));
            }
            assertTrue(all.await(MqttSinkTest::isEvent, 10, WAIT));
            Thread.sleep(500);
            assertTrue(all.on("actionstream/door/events").isEmpty(), "nothing gets in with a wrong password");
            assertFalse(wrong.connected());
            assertEquals(10, wrong.queued(), "a refused sink keeps its events");
            good.close();
            wrong.close();
            assertEquals(10, wrong.meters().droppedCount(), "what it still held at close is counted as dropped");
            assertEquals(10, good.meters().sentCount());
        }
    }

    @Test
    void deliversInOrderAtEveryQos() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir);
             MqttSubscriber all = MqttSubscriber.subscribe(broker.url(), "actionstream/+/events")) {
            for (int qos = 0; qos <= 2; qos++) {
                String stream = "qos" + qos;
                BufferedSink sink = sink(MqttSinkConfig.of(broker.url()).withQos(qos)
                        .withIdentity("q" + qos, "client-q" + qos), 100);
                for (long seq = 1; seq <= 50; seq++) {
                    sink.onLabel(label(stream, seq, "walking"));
                }
                BufferedSink s = sink;
                assertTrue(all.await(m -> m.topic().contains(stream), 50, WAIT), () -> stream + ": got "
                        + all.on("actionstream/" + stream + "/events").size() + ", sent " + s.meters().sentCount()
                        + ", failed " + s.meters().failedCount() + ", queued " + s.queued() + ", connected "
                        + s.connected());
                sink.close();
                assertEquals(50, sink.meters().sentCount());
            }
            Map<String, List<Long>> seqs = SinkEvents.sequencesInOrder(
                    all.messages().stream().map(Message::payload).toList());
            assertEquals(3, seqs.size());
            seqs.values().forEach(s -> assertEquals(LongStream.rangeClosed(1, 50).boxed().toList(), s));
        }
    }

    @Test
    void theBrokerSaysOfflineWhenTheLinkBreaksAndOnlineWhenTheSinkIsBack() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir);
             TcpProxy link = new TcpProxy(broker.port());
             MqttSubscriber status = MqttSubscriber.subscribe(broker.url(), "actionstream/status")) {
            BufferedSink sink = sink(MqttSinkConfig.of("tcp://127.0.0.1:" + link.port()), 100);
            sink.onLabel(label("cam1", 1, "walking"));
            assertTrue(status.await(m -> m.payload().equals("online"), 1, WAIT));

            link.cut(); // the broker loses the sink with no DISCONNECT: it publishes the last will
            assertTrue(status.await(m -> m.payload().equals("offline"), 1, WAIT), "the last will: "
                    + status.messages());
            sink.onLabel(label("cam1", 2, "walking")); // the sink notices, reconnects with backoff
            assertTrue(status.await(m -> m.payload().equals("online"), 2, WAIT), status.messages().toString());
            sink.close();
        }
    }

    @Test
    void connectsOverTlsTrustingTheGivenCaAndRefusesAnUntrustedBroker() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.startWithTls(dir);
             MqttSubscriber all = MqttSubscriber.subscribe(broker.url(), "actionstream/+/events")) {
            BufferedSink trusting = sink(MqttSinkConfig.of(broker.tlsUrl()).withCaFile(broker.caFile().toString()), 100);
            BufferedSink untrusting = sink(MqttSinkConfig.of(broker.tlsUrl()).withIdentity("plain-trust", "other"), 100);
            for (long seq = 1; seq <= 10; seq++) {
                trusting.onLabel(label("cam1", seq, "walking"));
                untrusting.onLabel(label("door", seq, "walking"));
            }
            assertTrue(all.await(MqttSinkTest::isEvent, 10, WAIT), "events arrive over TLS");
            Thread.sleep(500);
            assertTrue(all.on("actionstream/door/events").isEmpty(),
                    "a broker whose certificate the JVM's CAs did not sign is not talked to");
            assertFalse(untrusting.connected());
            trusting.close();
            untrusting.close();
            assertEquals(10, trusting.meters().sentCount());
        }
    }

    @Test
    void holdsEventsWhileTheBrokerIsDownDropsPastItsBufferAndDeliversAfterTheRestart() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.startPersistent(dir)) {
            // A persistent session: the broker queues for this subscriber across the restart, so nothing the sink
            // sends after reconnecting is missed however the two reconnections race.
            MqttSubscriber events = MqttSubscriber.subscribe(broker.url(), "watcher", true, "actionstream/+/events");
            BufferedSink sink = sink(MqttSinkConfig.of(broker.url()), 50);
            long seq = 0;
            while (seq < 20) {
                sink.onLabel(label("cam1", ++seq, "walking"));
            }
            assertTrue(events.await(MqttSinkTest::isEvent, 20, WAIT));
            Thread.sleep(1_200); // the broker saves its sessions every second

            broker.kill();
            while (seq < 100) {
                sink.onLabel(label("cam1", ++seq, "walking"));
            }
            Thread.sleep(500);
            assertFalse(sink.connected());
            assertTrue(sink.meters().droppedCount() >= 100 - 20 - 50 - 1,
                    "past its buffer of 50 the sink drops: " + sink.meters().droppedCount());
            assertTrue(sink.queued() <= 50 + 1, "the buffer and the one in hand: " + sink.queued());

            broker.restart();
            events.reconnect();
            // The buffer is full until the sink is back and has emptied it; events published then would be dropped.
            awaitDrained(sink);
            while (seq < 120) {
                sink.onLabel(label("cam1", ++seq, "running"));
            }
            assertTrue(events.await(m -> SinkEvents.json(m.payload()).get("sequence").asLong() == 120, 1, WAIT),
                    () -> "events after the restart arrive; got " + events.messages().size() + "; broker log:\n"
                            + broker.logTail());
            sink.close();
            events.close();

            List<Long> got = SinkEvents.sequencesInOrder(events.messages().stream().map(Message::payload).toList())
                    .get("cam1");
            assertTrue(got.containsAll(LongStream.rangeClosed(101, 120).boxed().toList()), got.toString());
            long lost = 120 - got.size();
            SinkMeters m = sink.meters();
            assertEquals(120, m.sentCount() + m.failedCount() + m.droppedCount(), "every event is accounted for");
            assertTrue(lost <= m.failedCount() + m.droppedCount(),
                    "lost " + lost + " but counted " + m.failedCount() + " failed, " + m.droppedCount() + " dropped");
            assertTrue(got.size() >= 20 + 50 + 20 - 1, "a full buffer's worth arrived too (one may have been in "
                    + "flight when the broker died): " + got);
        }
    }

    static void awaitDrained(BufferedSink sink) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(sink.connected() && sink.queued() == 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sink " + sink.name() + " did not reconnect and drain: connected "
                        + sink.connected() + ", queued " + sink.queued());
            }
            Thread.sleep(20);
        }
    }
}
