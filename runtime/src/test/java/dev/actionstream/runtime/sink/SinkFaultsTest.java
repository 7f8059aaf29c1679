package dev.actionstream.runtime.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.KafkaSinkConfig;
import dev.actionstream.config.MqttSinkConfig;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.SinkConfig;
import dev.actionstream.config.WebSocketSinkConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.events.EventRecord;
import dev.actionstream.runtime.events.RecordSink;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.fixtures.WsClient;
import dev.actionstream.runtime.fixtures.brokers.KafkaBroker;
import dev.actionstream.runtime.fixtures.brokers.MosquittoBroker;
import dev.actionstream.runtime.fixtures.brokers.MqttSubscriber;
import dev.actionstream.runtime.fixtures.brokers.MqttSubscriber.Message;
import dev.actionstream.runtime.pipeline.Pipeline;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serve pipeline with the WebSocket and broker sinks on real brokers: Mosquitto down when serving starts; both
 * brokers killed mid-run and restarted. The pipeline never waits for them: it keeps scoring and
 * the WebSocket keeps delivering; after the restart events reach both brokers again; every event a broker lacks is
 * one its sink counted as failed or dropped.
 */
class SinkFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOPIC = "serve-events";

    @TempDir
    Path dir;

    @Test
    void startsServingWhileMosquittoIsDownAndDeliversToItOnceItIsUp() throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.startPersistent(dir.resolve("mosquitto"))) {
            MqttSubscriber mqtt = MqttSubscriber.subscribe(mosquitto.url(), "watcher", true, "actionstream/+/events");
            Thread.sleep(1_200); // the broker saves the subscriber's session every second
            mosquitto.kill();
            ServeAssembly serving = serving(List.of(new WebSocketSinkConfig(),
                    MqttSinkConfig.of(mosquitto.url()).withDelivery(20, 100, 400)));
            MeterRegistry registry = serving.pipeline().metrics().registry();
            try {
                serving.start();
                WsClient ws = WsClient.connect(HttpClient.newHttpClient(), serving.server().port(), "/ws");
                assertTrue(ws.awaitReceived(25, WAIT), "the WebSocket delivers while Mosquitto is down at start");
                assertEquals(0.0, gauge(registry, "mqtt"), "the MQTT sink knows its broker is away");
                assertTrue(counter(registry, "actionstream.sink.events.dropped", "mqtt") > 0,
                        "its buffer of 20 overflowed, and the drops are counted");
                JsonNode down = SinkEvents.json(get(serving, "/api/sinks")).get("brokers").get(0);
                assertEquals("mqtt", down.get("name").asText());
                assertEquals(false, down.get("connected").asBoolean());
                assertEquals(21, down.get("queued").asInt(), "its buffer of 20 and the one in hand: " + down);
                assertTrue(down.get("dropped").asLong() > 0);

                mosquitto.restart();
                mqtt.reconnect();
                assertTrue(mqtt.await(m -> true, 30, WAIT), "events reach Mosquitto once it is up");
                assertEquals(1.0, gauge(registry, "mqtt"));
                JsonNode sinks = SinkEvents.json(get(serving, "/api/sinks"));
                assertTrue(sinks.get("websocket").asBoolean());
                assertTrue(sinks.get("brokers").get(0).get("connected").asBoolean(), sinks.toString());
                assertEquals(mosquitto.url() + " as actionstream", sinks.get("brokers").get(0).get("target").asText());
            } finally {
                serving.close();
                mqtt.close();
            }
        }
    }

    @Test
    void keepsScoringAndServingTheWebSocketWhileBrokersAreKilledAndCountsEveryLoss() throws Exception {
        try (MosquittoBroker mosquitto = MosquittoBroker.startPersistent(dir.resolve("mosquitto"));
             KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
            kafka.createTopic(TOPIC, 1);
            MqttSubscriber mqtt = MqttSubscriber.subscribe(mosquitto.url(), "watcher", true, "actionstream/+/events");
            Thread.sleep(1_200); // the broker saves the subscriber's session every second

            List<EventRecord> published = new CopyOnWriteArrayList<>();
            RecordSink everything = published::add;
            ServeAssembly serving = serving(List.of(new WebSocketSinkConfig(),
                    // A small buffer, so that the outage overflows it and drops are counted.
                    MqttSinkConfig.of(mosquitto.url()).withDelivery(20, 100, 400),
                    KafkaSinkConfig.of(kafka.bootstrapServers(), TOPIC).withDelivery(10_000, 100, 1_000)))
                    .withSink(everything);
            MeterRegistry registry = serving.pipeline().metrics().registry();
            try {
                serving.start();
                WsClient ws = WsClient.connect(HttpClient.newHttpClient(), serving.server().port(), "/ws");
                assertTrue(mqtt.await(m -> true, 10, WAIT), "events reach Mosquitto");
                assertTrue(readKafka(kafka, 10).size() >= 10, "events reach Kafka");

                mosquitto.kill();
                kafka.kill();
                int wsBefore = ws.received.size();
                int publishedBefore = published.size();
                Thread.sleep(3_000);
                // 25 windows a second are scored and published; a stalled pipeline would publish none.
                assertTrue(published.size() - publishedBefore >= 40,
                        "the pipeline kept publishing: " + (published.size() - publishedBefore) + " in 3 s");
                assertTrue(ws.received.size() - wsBefore >= 40,
                        "the WebSocket kept delivering: " + (ws.received.size() - wsBefore) + " in 3 s");
                assertTrue(counter(registry, "actionstream.sink.events.dropped", "mqtt") > 0,
                        "the MQTT sink's buffer of 20 overflowed and counted its drops");

                mosquitto.restart();
                kafka.restart();
                mqtt.reconnect();
                long afterRestart = published.size() + 25;
                assertTrue(mqtt.await(m -> SinkEvents.json(m.payload()).path("sequence").asLong() > afterRestart, 1,
                        WAIT), "events published after the restart reach Mosquitto");

                String metrics = get(serving, "/metrics");
                for (String sink : List.of("mqtt", "kafka")) {
                    for (String meter : List.of("sent_total", "failed_total", "dropped_total")) {
                        assertTrue(metrics.contains("actionstream_sink_events_" + meter + "{sink=\"" + sink
                                + "\",type=\"" + sink + "\"}"), meter + " of " + sink + " in /metrics");
                    }
                    assertTrue(metrics.contains("actionstream_sink_connected{sink=\"" + sink + "\""));
                }
            } finally {
                serving.close();
            }

            long labels = published.stream().filter(r -> r.label() != null).count();
            long total = published.size();
            for (String sink : List.of("mqtt", "kafka")) {
                double accounted = counter(registry, "actionstream.sink.events.sent", sink)
                        + counter(registry, "actionstream.sink.events.failed", sink)
                        + counter(registry, "actionstream.sink.events.dropped", sink);
                assertEquals(total, (long) accounted, sink + ": every event is sent, failed or dropped");
            }

            long mqttSent = (long) counter(registry, "actionstream.sink.events.sent", "mqtt");
            assertTrue(mqtt.await(m -> true, (int) mqttSent, WAIT));
            List<Long> viaMqtt = SinkEvents.sequencesInOrder(
                    mqtt.messages().stream().map(Message::payload).toList(), true).get("cam1");
            assertLossesCounted("mqtt", labels, viaMqtt, registry);
            mqtt.close();

            long kafkaSent = (long) counter(registry, "actionstream.sink.events.sent", "kafka");
            List<Long> viaKafka = SinkEvents.sequencesInOrder(readKafka(kafka, kafkaSent)).get("cam1");
            assertLossesCounted("kafka", labels, viaKafka, registry);
        }
    }

    /** Serving the synthetic live source, every scored window published (25 a second), to {@code sinks}. */
    private ServeAssembly serving(List<SinkConfig> sinks) throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false,
                List.of(new RuntimeConfig.Stream("cam1", "synthetic:64x48@25", 1, false, true)),
                TestRuntime.EVERY_WINDOW).withSinks(sinks);
        return new ServeAssembly(new Pipeline(config, model));
    }

    private static String get(ServeAssembly serving, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + serving.server().port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The label events a broker lacks are at most those its sink counted as failed or dropped. */
    private static void assertLossesCounted(String sink, long labels, List<Long> received, MeterRegistry registry) {
        double counted = counter(registry, "actionstream.sink.events.failed", sink)
                + counter(registry, "actionstream.sink.events.dropped", sink);
        long missing = labels - received.size();
        assertTrue(missing <= counted, sink + ": " + missing + " label events missing, " + counted + " counted");
    }

    private static double counter(MeterRegistry registry, String name, String sink) {
        return registry.get(name).tag("sink", sink).counter().count();
    }

    private static double gauge(MeterRegistry registry, String sink) {
        return registry.get("actionstream.sink.connected").tag("sink", sink).gauge().value();
    }

    /** The topic's values from its start, until {@code atLeast} were read or {@link #WAIT} passed. */
    private static List<String> readKafka(KafkaBroker kafka, long atLeast) {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> tp = List.of(new TopicPartition(TOPIC, 0));
            consumer.assign(tp);
            consumer.seekToBeginning(tp);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.size() < atLeast && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
            }
        }
        return values;
    }
}
