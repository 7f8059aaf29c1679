package dev.actionstream.runtime.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.EventJson;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.fixtures.WsClient;
import dev.actionstream.runtime.pipeline.Pipeline;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink seam end to end: a real pipeline on the synthetic live source, the WebSocket and two more sinks registered
 * beside it, one of them broken (it throws on every event, as a sink whose broker went away would).
 */
class ServeAssemblyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void shouldGiveASecondSinkTheSameEventsAsTheWebSocketInOrderWhileABrokenSinkFailsAlone() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false,
                List.of(new RuntimeConfig.Stream("cam1", "synthetic:64x48@25", 1, false, true)),
                TestRuntime.EVERY_WINDOW);
        CollectingSink collected = new CollectingSink();
        AtomicLong refused = new AtomicLong();
        EventSink broken = event -> {
            refused.incrementAndGet();
            throw new IllegalStateException("broker gone");
        };
        WsClient ws;
        ServeAssembly serving = new ServeAssembly(new Pipeline(config, model)).withSink(broken).withSink(collected);
        try {
            serving.start();
            ws = WsClient.connect(HttpClient.newHttpClient(), serving.server().port(), "/ws");
            assertTrue(ws.awaitReceived(10, WAIT), "events on the WebSocket");
        } finally {
            // The pipeline drains into every sink before the server says goodbye, so both end on the same event.
            serving.close();
        }
        assertEquals(1001, ws.closeCode.get(10, TimeUnit.SECONDS));

        List<LabelEvent> all = collected.events();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).sequence(), "the sink after the broken one missed nothing");
        }
        assertEquals(all.size(), refused.get(), "the broken sink was offered every event too");
        assertEquals(refused.get(), serving.sinkFailures());

        // The WebSocket joined late: what it got is the tail of what the other sink got, byte for byte.
        List<String> wire = List.copyOf(ws.received);
        long first = Json.MAPPER.readTree(wire.get(0)).get("sequence").asLong();
        List<String> expected = all.subList((int) first - 1, all.size()).stream().map(EventJson::label).toList();
        assertEquals(expected, wire);
    }

    @Test
    void sendsNothingToTheWebSocketWhenTheSinksListLeavesItOut() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        RuntimeConfig config = TestRuntime.config(dir.resolve("models"), false,
                List.of(new RuntimeConfig.Stream("cam1", "synthetic:64x48@25", 1, false, true)),
                TestRuntime.EVERY_WINDOW).withSinks(List.of());
        CollectingSink collected = new CollectingSink();
        try (ServeAssembly serving = new ServeAssembly(new Pipeline(config, model)).withSink(collected)) {
            serving.start();
            WsClient ws = WsClient.connect(HttpClient.newHttpClient(), serving.server().port(), "/ws");
            collected.await(e -> e.size() >= 25, WAIT, "the pipeline to score and publish");
            assertTrue(ws.received.isEmpty(), "no websocket entry in sinks: no events on /ws");
        }
    }
}
