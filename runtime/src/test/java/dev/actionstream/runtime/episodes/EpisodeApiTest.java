package dev.actionstream.runtime.episodes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.fixtures.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /api/episodes} on a real server with a real SQLite history, across a restart and with a broken file. */
class EpisodeApiTest {

    @TempDir
    Path dir;

    UnaryOperator<RuntimeConfig> withHistory(Path data) {
        return c -> c.withEpisodes(c.episodes().withDataDir(data.toString())
                .withClips(false, 0, 0, c.episodes().clipBudgetBytes()));
    }

    static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("episodes").forEach(e -> out.add(e.get("id").asText()));
        return out;
    }

    JsonNode awaitEpisodes(EpisodeServer server, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        JsonNode page = null;
        while (System.currentTimeMillis() < deadline) {
            page = EpisodeServer.json(server.get("/api/episodes").body());
            if (page.get("episodes").size() >= count) {
                return page;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("fewer than " + count + " episodes stored within 30 s: " + page);
    }

    @Test
    void endedEpisodesAreListedPagedAndStillThereAfterARestart() throws Exception {
        Path data = dir.resolve("data");
        List<String> before;
        WsClient ws;
        try (EpisodeServer server = EpisodeServer.start(dir, withHistory(data), "cam")) {
            ws = WsClient.connect(server.http(), server.port(), "/ws?episodes=true");
            JsonNode page = awaitEpisodes(server, 3);
            JsonNode first = page.get("episodes").get(0);
            assertTrue(first.get("label").asText().matches("red|blue"), first.toString());
            assertEquals("ended", first.get("state").asText());
            assertTrue(first.get("clip").isNull(), "no clips asked for");

            JsonNode p1 = EpisodeServer.json(server.get("/api/episodes?limit=2&stream=cam").body());
            assertEquals(2, p1.get("episodes").size());
            JsonNode p2 = EpisodeServer.json(server.get("/api/episodes?limit=2&stream=cam&cursor="
                    + p1.get("nextCursor").asText()).body());
            List<String> paged = new ArrayList<>(ids(p1));
            paged.addAll(ids(p2));
            assertEquals(paged.size(), paged.stream().distinct().count(), "pages do not overlap");
            assertEquals(ids(page).subList(0, Math.min(4, ids(page).size())), paged.subList(0,
                    Math.min(4, ids(page).size())), "the pages are the list, in order");
            assertEquals(0, EpisodeServer.json(server.get("/api/episodes?stream=nosuch").body())
                    .get("episodes").size());
            String one = ids(page).get(0);
            assertEquals(one, EpisodeServer.json(server.get("/api/episodes/" + one).body()).get("id").asText());
            assertEquals(404, server.get("/api/episodes/00000000-0000-0000-0000-000000000000").statusCode());
            assertEquals(400, server.get("/api/episodes?limit=lots").statusCode());
            HttpResponse<String> badTime = server.get("/api/episodes?since=yesterday");
            assertEquals(400, badTime.statusCode());
            assertTrue(badTime.body().contains("ISO-8601"), badTime.body());
            String metrics = server.get("/metrics").body();
            assertTrue(metrics.matches("(?s).*actionstream_episodes_total\\{phase=\"end\",?\\} [1-9].*"), metrics);
            assertTrue(metrics.matches("(?s).*actionstream_episodes_history_total\\{outcome=\"stored\",?\\} [1-9].*"),
                    "stored episodes counted");
        }
        List<String> endedOnSocket = new ArrayList<>();
        for (JsonNode e : EpisodeWebSocketTest.phase(ws, "end")) {
            endedOnSocket.add(e.get("id").asText());
        }
        String atShutdown = endedOnSocket.get(endedOnSocket.size() - 1);

        try (EpisodeServer server = EpisodeServer.start(dir, withHistory(data), "cam")) {
            JsonNode page = EpisodeServer.json(server.get("/api/episodes?limit=500").body());
            List<String> after = ids(page);
            assertTrue(after.containsAll(endedOnSocket), "every episode reported ended is in the history after the "
                    + "restart: " + endedOnSocket + " vs " + after);
            JsonNode last = EpisodeServer.json(server.get("/api/episodes/" + atShutdown).body());
            assertEquals("shutdown", last.get("endReason").asText());
        }
    }

    @Test
    void aCorruptDatabaseIsReportedAndTheStreamIsStillScoredAndItsEpisodesSent() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.write(data.resolve("episodes.db"), new byte[]{'S', 'Q', 'L', 'i', 't', 'e', 0, 1, 2, 3, 4, 5, 6, 7});
        try (EpisodeServer server = EpisodeServer.start(dir, withHistory(data), "cam")) {
            WsClient ws = WsClient.connect(server.http(), server.port(), "/ws?episodes=true");
            HttpResponse<String> res = server.get("/api/episodes");
            assertEquals(503, res.statusCode());
            assertTrue(res.body().contains("episodes.db") && res.body().contains("not a readable SQLite database"),
                    res.body());
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline && EpisodeWebSocketTest.phase(ws, "end").isEmpty()) {
                Thread.sleep(100);
            }
            assertTrue(!EpisodeWebSocketTest.phase(ws, "end").isEmpty(), "episodes still sent");
            assertTrue(ws.received.stream().filter(m -> !m.contains("\"type\"")).count() >= 3,
                    "label events still scored and sent");
        }
    }

    @Test
    void withoutADataFolderTheApiSaysHowToGetOne() throws Exception {
        try (EpisodeServer server = EpisodeServer.start(dir, c -> c, "cam")) {
            HttpResponse<String> res = server.get("/api/episodes");
            assertEquals(404, res.statusCode());
            assertTrue(res.body().contains("--data-dir"), res.body());
        }
    }
}
