package dev.actionstream.runtime.server;

import dev.actionstream.runtime.fixtures.WsClient;
import static dev.actionstream.runtime.server.ServerTesting.await;
import static dev.actionstream.runtime.server.ServerTesting.counter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEventSchema;
import dev.actionstream.runtime.events.TestEvents;
import dev.actionstream.runtime.status.RuntimeStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real server, real sockets, real WebSocket clients. */
class EventServerWebSocketTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = ServerTesting.registry();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private EventServer server;

    private EventServer start(RuntimeConfig.Server config) {
        server = ServerTesting.start(config, new InMemoryModels(), registry);
        return server;
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void eventsReachSubscribersAndValidateAgainstTheSchema() throws Exception {
        start(ServerTesting.config());
        WsClient a = WsClient.connect(http, server.port(), "/ws");
        WsClient b = WsClient.connect(http, server.port(), "/ws");
        await("two subscribers", () -> server.subscriberCount() == 2);

        for (int i = 1; i <= 5; i++) {
            server.sink().onLabel(TestEvents.event("cam1", i));
        }

        for (WsClient client : List.of(a, b)) {
            for (int i = 1; i <= 5; i++) {
                String json = client.next();
                assertEquals(List.of(), List.copyOf(LabelEventSchema.violations(json)), json);
                JsonNode node = Json.MAPPER.readTree(json);
                assertEquals(i, node.get("sequence").asLong());
                assertEquals("cam1", node.get("stream").asText());
            }
        }
        assertEquals(10.0, counter(registry, "actionstream.ws.messages.sent"));
    }

    @Test
    void subscribersReceiveOnlyTheStreamTheyAskedFor() throws Exception {
        start(ServerTesting.config());
        WsClient cam1 = WsClient.connect(http, server.port(), "/ws?stream=cam1");
        WsClient all = WsClient.connect(http, server.port(), "/ws");
        await("two subscribers", () -> server.subscriberCount() == 2);

        server.sink().onLabel(TestEvents.event("cam2", 1));
        server.sink().onLabel(TestEvents.event("cam1", 1));
        server.sink().onLabel(TestEvents.event("cam2", 2));
        server.sink().onLabel(TestEvents.event("cam1", 2));

        List<String> everything = List.of(all.next(), all.next(), all.next(), all.next());
        assertEquals(List.of("cam2", "cam1", "cam2", "cam1"), everything.stream().map(EventServerWebSocketTest::stream).toList());
        assertEquals("cam1", stream(cam1.next()));
        assertEquals("cam1", stream(cam1.next()));
        assertEquals(null, cam1.poll(Duration.ofMillis(200)), "cam1 subscriber must not get cam2 events");
    }

    @Test
    void aSubscriberThatNeverReadsDoesNotSlowOthersAndIsDisconnected() throws Exception {
        start(ServerTesting.config());
        RawWebSocket stuck = RawWebSocket.open(server.port(), "/ws", Map.of(), 4096);
        cleanup.add(stuck);
        assertEquals(101, stuck.status);
        WsClient good = WsClient.connect(http, server.port(), "/ws");
        await("two subscribers", () -> server.subscriberCount() == 2);

        // Big events (~2.5 KB) fill the stuck client's socket buffers quickly; the good client drains each batch
        // before the next, so its own 64 KiB budget is never exceeded.
        int batch = 16;
        int published = 0;
        while (counter(registry, "actionstream.ws.subscribers.disconnected") < 1 && published < 40_000) {
            for (int i = 0; i < batch; i++) {
                server.sink().onLabel(TestEvents.event("cam1", ++published, 40));
            }
            for (int i = published - batch + 1; i <= published; i++) {
                JsonNode node = Json.MAPPER.readTree(good.next());
                assertEquals(i, node.get("sequence").asLong(), "the good subscriber gets every event, in order");
            }
        }

        assertEquals(1.0, counter(registry, "actionstream.ws.subscribers.disconnected"));
        assertTrue(counter(registry, "actionstream.ws.messages.dropped") > 0, "the stuck subscriber lost events");
        await("stuck subscriber removed", () -> server.subscriberCount() == 1);
        stuck.socket.setSoTimeout(10_000);
        stuck.awaitServerClose();
        server.sink().onLabel(TestEvents.event("cam1", ++published));
        assertEquals(published, Json.MAPPER.readTree(good.next()).get("sequence").asLong());
    }

    @Test
    void aThousandIdleConnectionsDoNotDisturbDelivery() throws Exception {
        // A thousand subscribers from one address is more than maxConnectionsPerAddress allows by default.
        RuntimeStatus twoStreams = ServerTesting.status("running", "cam1", "elsewhere");
        server = ServerTesting.start(ServerTesting.config().withConnectionLimits(4096, 2048, 512), () -> twoStreams,
                new InMemoryModels(), registry);
        for (int i = 0; i < 1000; i++) {
            RawWebSocket idle = RawWebSocket.open(server.port(), "/ws?stream=elsewhere", Map.of(), 0);
            cleanup.add(idle);
            assertEquals(101, idle.status);
        }
        WsClient real = WsClient.connect(http, server.port(), "/ws?stream=cam1");
        await("1001 subscribers", () -> server.subscriberCount() == 1001);

        for (int i = 1; i <= 50; i++) {
            server.sink().onLabel(TestEvents.event("cam1", i));
        }
        for (int i = 1; i <= 50; i++) {
            assertEquals(i, Json.MAPPER.readTree(real.next()).get("sequence").asLong());
        }
        assertEquals(1001.0, registry.find("actionstream.ws.subscribers").gauge().value());
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnection() throws Exception {
        start(ServerTesting.config());
        RawWebSocket abuser = RawWebSocket.open(server.port(), "/ws", Map.of(), 0);
        cleanup.add(abuser);
        WsClient bystander = WsClient.connect(http, server.port(), "/ws");
        await("two subscribers", () -> server.subscriberCount() == 2);

        abuser.sendFrame(0x1, new byte[EventServerInitializer.MAX_INBOUND_FRAME_BYTES + 1], true);

        assertEquals(1009, abuser.awaitServerClose(), "message too big");
        await("abuser removed", () -> server.subscriberCount() == 1);
        server.sink().onLabel(TestEvents.event("cam1", 1));
        assertEquals(1, Json.MAPPER.readTree(bystander.next()).get("sequence").asLong());
    }

    @Test
    void anUnmaskedFrameClosesOnlyThatConnection() throws Exception {
        start(ServerTesting.config());
        RawWebSocket abuser = RawWebSocket.open(server.port(), "/ws", Map.of(), 0);
        cleanup.add(abuser);
        WsClient bystander = WsClient.connect(http, server.port(), "/ws");
        await("two subscribers", () -> server.subscriberCount() == 2);

        abuser.sendFrame(0x1, "hello".getBytes(), false);

        assertEquals(1002, abuser.awaitServerClose(), "protocol error");
        await("abuser removed", () -> server.subscriberCount() == 1);
        server.sink().onLabel(TestEvents.event("cam1", 1));
        assertEquals(1, Json.MAPPER.readTree(bystander.next()).get("sequence").asLong());
    }

    @Test
    void clientTextIsIgnoredAndTheConnectionStays() throws Exception {
        start(ServerTesting.config());
        WsClient client = WsClient.connect(http, server.port(), "/ws");
        await("one subscriber", () -> server.subscriberCount() == 1);
        client.socket.sendText("hello server", true).get(5, TimeUnit.SECONDS);
        client.socket.sendPing(java.nio.ByteBuffer.wrap(new byte[] {1})).get(5, TimeUnit.SECONDS);
        server.sink().onLabel(TestEvents.event("cam1", 1));
        assertEquals(1, Json.MAPPER.readTree(client.next()).get("sequence").asLong());
        assertEquals(1, server.subscriberCount());
    }

    @Test
    void refusesAForeignOriginAndAcceptsTheSameOrigin() throws Exception {
        start(ServerTesting.config());
        try (RawWebSocket foreign = RawWebSocket.open(server.port(), "/ws", Map.of("Origin", "http://evil.example"), 0)) {
            assertEquals(403, foreign.status);
            assertTrue(foreign.responseHead.contains("application/json"));
        }
        String self = "http://127.0.0.1:" + server.port();
        try (RawWebSocket same = RawWebSocket.open(server.port(), "/ws", Map.of("Origin", self), 0)) {
            assertEquals(101, same.status);
        }
        assertEquals(1.0, counter(registry, "actionstream.ws.origin.refused"));
    }

    @Test
    void allowedOriginsKeepTheLiveViewsOwnOrigin() throws Exception {
        RuntimeConfig.Server c = ServerTesting.config();
        start(new RuntimeConfig.Server(c.bind(), 0, "", List.of("https://dash.example.com"), false,
                c.maxUploadBytes(), c.subscriberBufferBytes(), c.stuckSubscriberMillis(), c.maxConnections()));
        try (RawWebSocket listed = RawWebSocket.open(server.port(), "/ws",
                Map.of("Origin", "https://dash.example.com"), 0)) {
            assertEquals(101, listed.status);
        }
        try (RawWebSocket self = RawWebSocket.open(server.port(), "/ws",
                Map.of("Origin", "http://127.0.0.1:" + server.port()), 0)) {
            assertEquals(101, self.status, "the page this server served may always connect back");
        }
        try (RawWebSocket other = RawWebSocket.open(server.port(), "/ws", Map.of("Origin", "http://evil.example"), 0)) {
            assertEquals(403, other.status);
        }
    }

    @Test
    void webSocketNeedsTheTokenWhenOneIsConfigured() throws Exception {
        start(ServerTesting.config().withAuthToken("t0ken"));
        CompletionException missing = assertThrows(CompletionException.class,
                () -> WsClient.connect(http, server.port(), "/ws"));
        WebSocketHandshakeException e = assertInstanceOf(WebSocketHandshakeException.class, missing.getCause());
        assertEquals(401, e.getResponse().statusCode());
        assertThrows(CompletionException.class, () -> WsClient.connect(http, server.port(), "/ws?token=wrong"));

        WsClient byQuery = WsClient.connect(http, server.port(), "/ws?token=t0ken&stream=cam1");
        WsClient byHeader = WsClient.connect(http, server.port(), "/ws", Map.of("Authorization", "Bearer t0ken"));
        await("two subscribers", () -> server.subscriberCount() == 2);
        server.sink().onLabel(TestEvents.event("cam1", 1));
        assertEquals("cam1", stream(byQuery.next()));
        assertEquals("cam1", stream(byHeader.next()));
        assertEquals(2.0, counter(registry, "actionstream.http.auth.failures"));
    }

    @Test
    void closingTheServerSaysGoingAwayToSubscribers() throws Exception {
        start(ServerTesting.config());
        WsClient client = WsClient.connect(http, server.port(), "/ws");
        await("one subscriber", () -> server.subscriberCount() == 1);

        server.close();

        assertEquals(1001, client.closeCode.get(10, TimeUnit.SECONDS));
    }

    private static String stream(String json) {
        try {
            return Json.MAPPER.readTree(json).get("stream").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
