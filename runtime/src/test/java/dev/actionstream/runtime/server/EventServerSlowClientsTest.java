package dev.actionstream.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.TestEvents;
import dev.actionstream.runtime.fixtures.WsClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #21: clients that hold connections by sending slowly must not lock anyone out. Small caps and one-second
 * deadlines, so a bounded attack (a hundred connections, a few seconds) from loopback overfills them.
 */
class EventServerSlowClientsTest {

    private static final int CAP = 64;
    private static final int PENDING = 16;
    private static final int ATTACKERS = 100;
    private static final long DEADLINE_MILLIS = 1_000;
    private static final long TRICKLE_MILLIS = 200;
    /** Generous: the deadlines are one second; this only catches connections that are never closed. */
    private static final long CLOSE_WITHIN_MILLIS = 20_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry registry = ServerTesting.registry();
    private final List<SlowClient> attackers = new ArrayList<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private EventServer server;
    private long lastConnectNanos;

    private static RuntimeConfig.Server smallCaps(String token) {
        return ServerTesting.config().withAuthToken(token).withConnectionLimits(CAP, CAP, PENDING)
                .withRequestDeadlines(DEADLINE_MILLIS, DEADLINE_MILLIS, 1024);
    }

    @AfterEach
    void stop() throws Exception {
        for (SlowClient a : attackers) {
            a.close();
        }
        for (AutoCloseable c : cleanup) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keepsServingNewClientsWhileSlowBodiesAndHeadersHoldConnections() throws Exception {
        server = ServerTesting.start(smallCaps(""), new InMemoryModels(), registry);
        openAttack(true);

        assertEquals(200, status("").statusCode(), "a client that sends its request promptly gets in");
        WsClient ws = WsClient.connect(http, server.port(), "/ws");
        cleanup.add(ws::abort);
        ServerTesting.await("subscribed", () -> server.subscriberCount() == 1);
        server.sink().onLabel(TestEvents.event("cam1", 1));
        assertEquals(1, Json.MAPPER.readTree(ws.poll(Duration.ofSeconds(10))).get("sequence").asLong());
        assertTrue(pendingNow() <= PENDING, "pending connections stay within server.maxPendingConnections");

        long closedAfter = awaitAttackersClosed();
        System.out.printf("slow clients: all %d closed %d ms after the last one connected%n", ATTACKERS, closedAfter);
        assertTrue(ServerTesting.counter(registry, "actionstream.http.connections.evicted") > 0);
        // Which of the attackers outlive eviction depends on how the server's accepts interleave, so a run may end
        // them all by the head deadline; a lone slow body's deadline is pinned below.
        double timedOut = registry.find("actionstream.http.request.timeouts").tag("phase", "body").counter().count()
                + registry.find("actionstream.http.request.timeouts").tag("phase", "header").counter().count();
        assertTrue(timedOut > 0, "slow connections that were not evicted ran out of time");
        assertEquals(0.0, ServerTesting.counter(registry, "actionstream.http.connections.refused"));
    }

    @Test
    void keepsServingAuthenticatedClientsWhileUnauthenticatedSlowHeadersHoldConnections() throws Exception {
        server = ServerTesting.start(smallCaps("t0ken"), new InMemoryModels(), registry);
        openAttack(false);

        assertEquals(200, status("t0ken").statusCode());
        WsClient ws = WsClient.connect(http, server.port(), "/ws?token=t0ken");
        cleanup.add(ws::abort);
        ServerTesting.await("subscribed", () -> server.subscriberCount() == 1);
        // More slowloris after the subscriber is in: it has authenticated, so it is never the one evicted.
        openAttack(false);
        server.sink().onLabel(TestEvents.event("cam1", 1));
        assertEquals(1, Json.MAPPER.readTree(ws.poll(Duration.ofSeconds(10))).get("sequence").asLong());
        assertEquals(1, server.subscriberCount());

        awaitAttackersClosed();
        assertTrue(registry.find("actionstream.http.request.timeouts").tag("phase", "header").counter().count() > 0,
                "slow heads that were not evicted ran out of time");
        assertEquals(200, status("t0ken").statusCode());
    }

    @Test
    void aBodyTricklingBelowTheMinimumRateGets408AtItsDeadline() throws Exception {
        server = ServerTesting.start(smallCaps(""), new InMemoryModels(), registry);
        try (SlowClient body = SlowClient.slowBody(server.port())) {
            long start = System.nanoTime();
            while (!body.closedByServer()) {
                assertTrue(System.nanoTime() - start < CLOSE_WITHIN_MILLIS * 1_000_000L, "a slow body was never cut off");
                body.trickle();
                Thread.sleep(TRICKLE_MILLIS);
            }
            assertTrue(body.received().startsWith("HTTP/1.1 408"), "answered: " + body.received());
        }
        assertEquals(1.0, registry.find("actionstream.http.request.timeouts").tag("phase", "body").counter().count());
        assertEquals(0.0, registry.find("actionstream.http.request.timeouts").tag("phase", "header").counter().count());
    }

    @Test
    void aBodyArrivingAboveTheMinimumRateIsNotCutOff() throws Exception {
        server = ServerTesting.start(ServerTesting.config().withRequestDeadlines(DEADLINE_MILLIS, DEADLINE_MILLIS, 100),
                new InMemoryModels(), registry);
        // 3,000 bytes over about three deadlines' time: 50 bytes every 50 ms is 1,000 bytes/s, ten times the minimum.
        try (var s = new java.net.Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            var out = s.getOutputStream();
            out.write(("POST /api/status HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            for (int i = 0; i < 60; i++) {
                out.write(new byte[50]);
                out.flush();
                Thread.sleep(50);
            }
            String head = RawWebSocket.readHead(s.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 405"), "the route answered, not the deadline: " + head);
        }
    }

    @Test
    void disconnectsASubscriberThatNeverReadsEvenAtALowEventRate() throws Exception {
        // A high-water mark far above what this test publishes: the channel never turns unwritable, so only the
        // timer's check of bytes the kernel will not take can find the stuck client.
        int highWater = 4 << 20;
        RuntimeConfig.Server c = ServerTesting.config();
        server = ServerTesting.start(new RuntimeConfig.Server(c.bind(), 0, "", List.of(), false, c.maxUploadBytes(),
                highWater, c.stuckSubscriberMillis(), c.maxConnections()), new InMemoryModels(), registry);
        RawWebSocket neverReads = RawWebSocket.open(server.port(), "/ws", Map.of(), 4096);
        cleanup.add(neverReads);
        assertEquals(101, neverReads.status);
        WsClient reader = WsClient.connect(http, server.port(), "/ws");
        cleanup.add(reader::abort);
        ServerTesting.await("two subscribers", () -> server.subscriberCount() == 2);

        int published = 0;
        long bytes = 0;
        while (ServerTesting.counter(registry, "actionstream.ws.subscribers.disconnected") < 1 && bytes < highWater / 2) {
            var event = TestEvents.event("cam1", ++published, 40);
            bytes += Json.MAPPER.writeValueAsBytes(event).length;
            server.sink().onLabel(event);
            Thread.sleep(5);
        }
        assertEquals(1.0, ServerTesting.counter(registry, "actionstream.ws.subscribers.disconnected"),
                "disconnected after " + published + " events, " + bytes + " bytes");
        assertEquals(0.0, ServerTesting.counter(registry, "actionstream.ws.messages.dropped"),
                "it was found by the timer, before its buffer ever filled");
        ServerTesting.await("the reader stays", () -> server.subscriberCount() == 1);
        neverReads.socket.setSoTimeout(10_000);
        neverReads.awaitServerClose();
    }

    /** Opens {@link #ATTACKERS} slow connections, half of them slow bodies when asked, trickling while they open. */
    private void openAttack(boolean withBodies) throws Exception {
        List<SlowClient> batch = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            SlowClient c = withBodies && i % 2 == 1 ? SlowClient.slowBody(server.port())
                    : SlowClient.slowHeader(server.port());
            batch.add(c);
            attackers.add(c);
        }
        lastConnectNanos = System.nanoTime();
        Thread trickler = new Thread(() -> {
            long end = System.nanoTime() + 3 * DEADLINE_MILLIS * 1_000_000;
            while (System.nanoTime() < end) {
                batch.forEach(SlowClient::trickle);
                try {
                    Thread.sleep(TRICKLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "trickle");
        trickler.setDaemon(true);
        trickler.start();
        cleanup.add(trickler::interrupt);
    }

    /** Waits until the server has closed every slow connection; returns the time since the last one connected. */
    private long awaitAttackersClosed() throws InterruptedException {
        long deadline = System.nanoTime() + CLOSE_WITHIN_MILLIS * 1_000_000;
        while (!attackers.stream().allMatch(SlowClient::closedByServer)) {
            assertTrue(System.nanoTime() < deadline, "slow connections still open after " + CLOSE_WITHIN_MILLIS + " ms");
            Thread.sleep(20);
        }
        return (System.nanoTime() - lastConnectNanos) / 1_000_000;
    }

    private double pendingNow() {
        return registry.find("actionstream.http.connections.pending").gauge().value();
    }

    private HttpResponse<String> status(String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/status"))
                .timeout(Duration.ofSeconds(10));
        if (!token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
