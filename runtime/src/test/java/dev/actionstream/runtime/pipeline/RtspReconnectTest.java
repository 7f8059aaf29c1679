package dev.actionstream.runtime.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.LabelEventSchema;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.RtspCamera;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.fixtures.WsClient;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.server.EventServer;
import dev.actionstream.runtime.source.SourceOpener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real RTSP camera (GStreamer's RTSP server in a child process) killed mid-stream and restarted, or frozen, while
 * the pipeline serves; every state is observed through {@code GET /api/status} as an operator would see it.
 */
class RtspReconnectTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static JsonNode status(EventServer server) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body()).get("streams").get(0);
    }

    /** Polls the status API until {@code condition}; returns every state seen on the way, in order. */
    private static List<String> awaitStatus(EventServer server, Predicate<JsonNode> condition, String what)
            throws Exception {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode s = null;
        while (System.nanoTime() < deadline) {
            s = status(server);
            String state = s.get("state").asText();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(state)) {
                seen.add(state);
            }
            if (condition.test(s)) {
                return seen;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what + "; states seen " + seen + ", last " + s);
    }

    private Pipeline pipeline(int port, RuntimeConfig.Pipeline settings) throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        RuntimeConfig d = TestRuntime.config(dir.resolve("models"), false,
                List.of(new RuntimeConfig.Stream("door", "rtsp://127.0.0.1:" + port + "/live", 1, false, true)),
                TestRuntime.EVERY_WINDOW);
        RuntimeConfig config = new RuntimeConfig(d.server(), d.streams(), settings, d.scoring(), d.events(), d.models());
        return new Pipeline(config, model, new RuntimeMetrics(), SourceOpener.standard(config.pipeline()));
    }

    @Test
    void aKilledServerMakesTheStreamReconnectWithBackoffAndItRunsAgainWithinFiveSecondsOfTheReturn() throws Exception {
        RtspCamera.assumeAvailable();
        int port = RtspCamera.freePort();
        CollectingSink sink = new CollectingSink();
        // The production backoff: 250 ms doubling to a 4 s cap.
        RuntimeConfig.Pipeline settings = new RuntimeConfig.Pipeline(1024, 2_000, 2_000, 5_000, 250, 4_000, "tcp");
        RtspCamera camera = RtspCamera.start(dir, port, "0xff00ff00");
        try (Pipeline p = pipeline(port, settings); ServeAssembly serving = new ServeAssembly(p).withSink(sink)) {
            serving.start();
            EventServer server = serving.server();
            WsClient states = WsClient.connect(HTTP, server.port(), "/ws?states=true");
            WsClient labelsOnly = WsClient.connect(HTTP, server.port(), "/ws");
            sink.await(e -> e.size() >= 10, WAIT, "events from the RTSP camera");

            camera.close();
            awaitStatus(server, s -> s.get("state").asText().equals("reconnecting")
                    && !s.get("lastError").asText().isEmpty(), "the API to show the stream reconnecting");
            // Stay down long enough for the backoff to reach its cap: the worst case for the return.
            Thread.sleep(6_000);
            JsonNode stillDown = status(server);
            assertEquals("reconnecting", stillDown.get("state").asText(), stillDown.toString());
            long framesBefore = stillDown.get("framesIn").asLong();
            int eventsBefore = sink.events().size();

            camera = RtspCamera.start(dir, port, "0xff00ff00");
            long returned = System.nanoTime();
            awaitStatus(server, s -> s.get("state").asText().equals("running")
                    && s.get("framesIn").asLong() > framesBefore, "the API to show the stream running again");
            long resumedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - returned);
            assertTrue(resumedMillis <= 5_000, "frames again " + resumedMillis + " ms after the server returned");

            List<LabelEvent> events = sink.await(e -> e.size() >= eventsBefore + 5, WAIT, "events after the return");
            for (int i = 0; i < events.size(); i++) {
                assertEquals(i + 1, events.get(i).sequence(), "sequence numbers continue across the outage");
                assertEquals("green", events.get(i).label());
            }
            assertTrue(events.get(events.size() - 1).frameIndex() > framesBefore, "events come from new frames");

            List<JsonNode> changes = stateChanges(states);
            List<String> transitions = changes.stream()
                    .map(c -> c.get("previous").asText() + "->" + c.get("state").asText()).toList();
            int lost = transitions.indexOf("running->reconnecting");
            assertTrue(lost >= 0, "the subscriber was told the stream is reconnecting: " + transitions);
            assertTrue(transitions.subList(lost, transitions.size()).contains("reconnecting->running"),
                    "and that it runs again: " + transitions);
            assertTrue(changes.get(lost).get("error").asText().length() > 0, "with the reason: " + changes.get(lost));
            for (String m : states.received) {
                Set<?> violations = m.contains("\"type\":\"stream-state\"") ? LabelEventSchema.stateViolations(m)
                        : LabelEventSchema.violations(m);
                assertEquals(Set.of(), violations, m);
            }
            assertTrue(labelsOnly.received.size() > 0, "the plain subscriber got label events");
            assertTrue(stateChanges(labelsOnly).isEmpty(), "but no state changes it did not ask for");
        } finally {
            camera.close();
        }
    }

    @Test
    void aFrozenServerStallsTheStreamWhichIsTornDownAndReopenedWhenItThaws() throws Exception {
        RtspCamera.assumeAvailable();
        int port = RtspCamera.freePort();
        CollectingSink sink = new CollectingSink();
        // Stall after 1 s without a frame; FFmpeg's own read timeout (3 s) is what gets the thread back.
        RuntimeConfig.Pipeline settings = new RuntimeConfig.Pipeline(1024, 3_000, 3_000, 1_000, 100, 1_000, "tcp");
        RtspCamera camera = RtspCamera.start(dir, port, "0xff0000ff");
        try (Pipeline p = pipeline(port, settings); ServeAssembly serving = new ServeAssembly(p).withSink(sink)) {
            serving.start();
            EventServer server = serving.server();
            sink.await(e -> e.size() >= 10, WAIT, "events from the RTSP camera");

            camera.freeze();
            List<String> frozen;
            try {
                frozen = awaitStatus(server, s -> !s.get("state").asText().equals("running")
                                && !s.get("state").asText().equals("stalled"),
                        "the stalled stream to be torn down and reopened");
            } finally {
                camera.thaw();
            }
            assertTrue(frozen.contains("stalled"), "the API showed the stall: " + frozen);
            long framesBefore = status(server).get("framesIn").asLong();
            awaitStatus(server, s -> s.get("state").asText().equals("running")
                    && s.get("framesIn").asLong() > framesBefore + 10, "frames again after the thaw");
            int eventsBefore = sink.events().size();
            sink.await(e -> e.size() >= eventsBefore + 5, WAIT, "events after the stall");
            assertTrue(sink.events().stream().allMatch(e -> e.label().equals("blue")));
        } finally {
            camera.close();
        }
    }

    /** The stream-state messages a subscriber received, in order. */
    private static List<JsonNode> stateChanges(WsClient client) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String m : client.received) {
            JsonNode n = Json.MAPPER.readTree(m);
            if (n.has("type") && n.get("type").asText().equals("stream-state")) {
                out.add(n);
            }
        }
        return out;
    }
}
