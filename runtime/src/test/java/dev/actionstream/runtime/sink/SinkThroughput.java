package dev.actionstream.runtime.sink;

import dev.actionstream.config.KafkaSinkConfig;
import dev.actionstream.config.MqttSinkConfig;
import dev.actionstream.runtime.fixtures.brokers.KafkaBroker;
import dev.actionstream.runtime.fixtures.brokers.MosquittoBroker;
import dev.actionstream.runtime.sink.kafka.KafkaTransport;
import dev.actionstream.runtime.sink.mqtt.MqttTransport;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Broker sink throughput harness (not a test): one thread (the scoring thread's role) publishes label events of 50
 * streams into a sink whose buffer holds them all, against a real broker on loopback started for the run.
 * <pre>
 *   publisher ──publish (offer)──▶ BufferedSink ──sink-NAME──▶ Paho / Kafka producer ──▶ Mosquitto / Kafka
 * </pre>
 * Run (after {@code mvn -o -q -pl config,runtime test-compile} and
 * {@code mvn -o -q -pl runtime dependency:build-classpath -Dmdep.outputFile=/tmp/rt-test-cp.txt}):
 * {@code java -cp runtime/target/test-classes:runtime/target/classes:config/target/classes:config/target/test-classes:$(cat /tmp/rt-test-cp.txt)
 * dev.actionstream.runtime.sink.SinkThroughput mqtt 20000 1} (or {@code kafka 20000}).
 * Reports what publishing cost the publisher and how fast the broker acknowledged.
 */
public final class SinkThroughput {

    private static final int STREAMS = 50;

    public static void main(String[] args) throws Exception {
        String kind = args.length > 0 ? args[0] : "mqtt";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int qos = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Files.createTempDirectory("sink-throughput");
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (kind.equals("kafka")) {
            try (KafkaBroker broker = KafkaBroker.start(dir)) {
                broker.createTopic("throughput", 3);
                run("kafka", new BufferedSink("kafka", "kafka", new KafkaTransport(
                        KafkaSinkConfig.of(broker.bootstrapServers(), "throughput")), events, 100, 1_000, registry),
                        events);
            }
        } else {
            try (MosquittoBroker broker = MosquittoBroker.start(dir)) {
                run("mqtt qos " + qos, new BufferedSink("mqtt", "mqtt", new MqttTransport(
                        MqttSinkConfig.of(broker.url()).withQos(qos), List.of()), events, 100, 1_000, registry),
                        events);
            }
        }
    }

    private static void run(String what, BufferedSink sink, int events) throws InterruptedException {
        sink.start();
        // Connected and warm before timing: a first small batch goes through.
        for (int i = 1; i <= 1_000; i++) {
            sink.onLabel(SinkEvents.label("warm", i, "walking"));
        }
        while (sink.meters().sentCount() < 1_000) {
            Thread.sleep(5);
        }
        long start = System.nanoTime();
        for (int i = 1; i <= events; i++) {
            sink.onLabel(SinkEvents.label("s" + (i % STREAMS), i, "walking"));
        }
        long published = System.nanoTime();
        while (sink.meters().sentCount() + sink.meters().failedCount() < 1_000L + events) {
            Thread.sleep(1);
        }
        long acknowledged = System.nanoTime();
        sink.close();
        System.out.printf("%s: %d events; publishing %.1f µs each on the publisher's thread; acknowledged at %.0f "
                        + "events/s; %d failed, %d dropped%n", what, events, (published - start) / 1e3 / events,
                events / ((acknowledged - start) / 1e9), sink.meters().failedCount(), sink.meters().droppedCount());
    }
}
