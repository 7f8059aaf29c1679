package dev.actionstream.runtime.server;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.events.TestEvents;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fan-out throughput harness (not a test): one publishing thread (the scoring thread's role) sends events to N real
 * WebSocket subscribers on loopback, each drained by its own reader thread.
 * <pre>
 *   publisher ──sink.publish──▶ WebSocketFanOut ──(one JSON buffer, N retained duplicates)──▶ N sockets ──▶ N readers
 * </pre>
 * Run (after {@code mvn -o -q -pl runtime test-compile} and building the test classpath):
 * {@code java -cp runtime/target/test-classes:runtime/target/classes:$(cat /tmp/rt-test-cp.txt)
 * dev.actionstream.runtime.server.FanOutThroughput 10 20000}
 * Reports the publisher's rate (what the scoring thread pays), deliveries per second and events dropped for slow readers.
 */
public final class FanOutThroughput {

    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        boolean paced = args.length > 2 && args[2].equals("paced");
        PrometheusMeterRegistry registry = ServerTesting.registry();
        RuntimeConfig.Server config = new RuntimeConfig.Server("127.0.0.1", 0, "", List.of(), false, 1 << 20,
                256 << 10, 10_000, 8192);
        try (EventServer server = ServerTesting.start(config, new InMemoryModels(), registry)) {
            LongAdder received = new LongAdder();
            List<RawWebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < subscribers; i++) {
                RawWebSocket ws = RawWebSocket.open(server.port(), "/ws", Map.of(), 0);
                sockets.add(ws);
                Thread reader = new Thread(() -> drain(ws, received), "reader-" + i);
                reader.setDaemon(true);
                reader.start();
            }
            ServerTesting.await("subscribers", () -> server.subscriberCount() == subscribers);
            EventSink sink = server.sink();
            LabelEvent[] prepared = new LabelEvent[events];
            for (int i = 0; i < events; i++) {
                prepared[i] = TestEvents.event("cam1", i + 1);
            }
            for (int i = 0; i < 2_000; i++) {
                sink.onLabel(prepared[i % events]); // warm-up (JIT), not counted below
            }
            Thread.sleep(500);
            double sent0 = ServerTesting.counter(registry, "actionstream.ws.messages.sent");
            double dropped0 = ServerTesting.counter(registry, "actionstream.ws.messages.dropped");
            long received0 = received.sum();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                sink.onLabel(prepared[i]);
                if (paced && (i & 63) == 63) {
                    long expected = received0 + (long) (i + 1) * subscribers;
                    while (received.sum() < expected - 64L * subscribers) {
                        Thread.onSpinWait();
                    }
                }
            }
            long publishNanos = System.nanoTime() - start;
            double sent = ServerTesting.counter(registry, "actionstream.ws.messages.sent") - sent0;
            double dropped = ServerTesting.counter(registry, "actionstream.ws.messages.dropped") - dropped0;
            long target = received0 + (long) sent;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (received.sum() < target && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long allNanos = System.nanoTime() - start;
            long delivered = received.sum() - received0;
            System.out.printf("subscribers=%d events=%d mode=%s event=%d bytes%n", subscribers, events,
                    paced ? "paced" : "burst",
                    dev.actionstream.runtime.events.EventJson.label(prepared[0]).getBytes(
                            java.nio.charset.StandardCharsets.UTF_8).length);
            System.out.printf("publish: %.0f events/s (%.2f us per publish call, all subscribers)%n",
                    events / (publishNanos / 1e9), publishNanos / 1e3 / events);
            System.out.printf("delivered: %d frames in %.3f s = %.0f frames/s; dropped (slow reader) %.0f (%.2f%%)%n",
                    delivered, allNanos / 1e9, delivered / (allNanos / 1e9), dropped,
                    100.0 * dropped / ((double) events * subscribers));
            for (RawWebSocket ws : sockets) {
                ws.close();
            }
        }
    }

    /** Reads frames as fast as possible and counts them. */
    private static void drain(RawWebSocket ws, LongAdder received) {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(ws.socket.getInputStream(), 1 << 16));
            ws.socket.setSoTimeout(0);
            while (true) {
                in.readUnsignedByte();
                int len = in.readUnsignedByte() & 0x7f;
                long n = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                in.skipNBytes(n);
                received.increment();
            }
        } catch (IOException e) {
            // socket closed at the end of the run
        }
    }
}
