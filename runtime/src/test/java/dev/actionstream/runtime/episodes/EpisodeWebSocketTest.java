package dev.actionstream.runtime.episodes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.runtime.events.LabelEventSchema;
import dev.actionstream.runtime.fixtures.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Episode events over a real WebSocket, from the real pipeline on a stream whose colour changes every 2 s. */
class EpisodeWebSocketTest {

    @TempDir
    Path dir;

    @Test
    void subscribersThatAskGetEachEpisodesStartUpdatesAndEndBesideLabelEvents() throws Exception {
        WsClient episodes;
        WsClient plain;
        try (EpisodeServer server = EpisodeServer.start(dir, c -> c, "cam")) {
            episodes = WsClient.connect(server.http(), server.port(), "/ws?episodes=true");
            plain = WsClient.connect(server.http(), server.port(), "/ws");
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && phase(episodes, "end").size() < 3) {
                Thread.sleep(100);
            }
            assertTrue(phase(episodes, "end").size() >= 3, "three episodes ended within 30 s");
        }
        assertEquals(1001, episodes.closeCode.get(10, TimeUnit.SECONDS), "goodbye after the last episode");

        List<JsonNode> all = phase(episodes, null);
        Map<String, List<String>> phasesById = new java.util.LinkedHashMap<>();
        for (JsonNode e : all) {
            assertEquals(List.of(), List.copyOf(LabelEventSchema.episodeViolations(e.toString())), e.toString());
            phasesById.computeIfAbsent(e.get("id").asText(), k -> new ArrayList<>()).add(e.get("phase").asText());
        }
        boolean first = true;
        for (List<String> phases : phasesById.values()) {
            // The first may have started before the subscriber connected.
            if (!first) {
                assertEquals("start", phases.get(0), "each episode starts first: " + phases);
            }
            assertTrue(phases.lastIndexOf("start") <= 0, "at most one start, before the rest: " + phases);
            first = false;
            assertEquals("end", phases.get(phases.size() - 1), "and every episode ends, the last at shutdown");
            assertEquals(1, phases.stream().filter("end"::equals).count());
        }
        List<JsonNode> ended = phase(episodes, "end");
        JsonNode last = ended.get(ended.size() - 1);
        assertEquals("shutdown", last.get("endReason").asText(), "the episode open at close ends with it");
        JsonNode second = ended.get(1);
        assertEquals("gap", second.get("endReason").asText());
        assertTrue(second.get("label").asText().matches("red|blue"), second.toString());
        assertTrue(!second.get("label").asText().equals(ended.get(0).get("label").asText()), "colours alternate");
        long duration = second.get("durationMs").asLong();
        assertTrue(Math.abs(duration - 2000) <= 400, "a 2 s colour is a 2 s episode: " + duration);
        assertTrue(phasesById.get(second.get("id").asText()).contains("update"), "updated while open");
        assertEquals("colour", second.get("modelName").asText());

        assertTrue(episodes.received.stream().anyMatch(m -> !m.contains("\"type\"")), "label events too");
        assertTrue(!plain.received.isEmpty(), "the plain subscriber got label events");
        assertTrue(plain.received.stream().noneMatch(m -> m.contains("\"type\":\"episode\"")),
                "but no episode events: it did not ask");
    }

    /** Episode events received, of {@code phase} or all when null. */
    static List<JsonNode> phase(WsClient c, String phase) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String m : c.received) {
            JsonNode n = EpisodeServer.json(m);
            if ("episode".equals(n.path("type").asText()) && (phase == null || phase.equals(n.path("phase").asText()))) {
                out.add(n);
            }
        }
        return out;
    }
}
