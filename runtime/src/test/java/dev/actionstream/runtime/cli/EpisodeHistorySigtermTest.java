package dev.actionstream.runtime.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.fixtures.TestModels;
import dev.actionstream.runtime.fixtures.WsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code serve --data-dir} in a real JVM stopped by a real SIGTERM: every episode the WebSocket reported ended,
 * including the one the shutdown ended, is in the SQLite file afterwards (read here with plain JDBC).
 */
class EpisodeHistorySigtermTest {

    static final String ALTERNATING = "cam=lavfi:color=c=red:size=64x48:rate=25,"
            + "drawbox=x=0:y=0:w=64:h=48:color=blue:t=fill:enable='gt(mod(t,4),2)'";

    @TempDir
    Path dir;

    @Test
    void everyEpisodeReportedEndedIsStoredWhenSigtermStopsTheServer() throws Exception {
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", 4, 8, 8);
        Path models = Files.createDirectories(dir.resolve("models"));
        Path data = dir.resolve("data");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Djava.awt.headless=true", "-cp", GracefulShutdownTest.testClassPath(),
                RuntimeCli.class.getName(), "serve", "--model", model.toString(), "--source", ALTERNATING,
                "--port", "0", "--models-dir", models.toString(), "--execution-provider", "cpu",
                "--data-dir", data.toString());
        Path log = dir.resolve("serve.log");
        Process serve = new ProcessBuilder(command).redirectError(log.toFile()).start();
        WsClient client;
        try {
            int port = GracefulShutdownTest.awaitPort(serve.getInputStream(), log);
            client = WsClient.connect(HttpClient.newHttpClient(), port, "/ws?episodes=true");
            long deadline = System.currentTimeMillis() + 40_000;
            while (System.currentTimeMillis() < deadline && ended(client).size() < 2) {
                Thread.sleep(100);
            }
            assertTrue(ended(client).size() >= 2, "two episodes ended before the signal: " + Files.readString(log));
            serve.destroy();
            assertEquals(1001, client.closeCode.get(30, TimeUnit.SECONDS));
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM");
            assertEquals(0, serve.exitValue(), Files.readString(log));
        } finally {
            serve.destroyForcibly();
        }
        List<String> reported = ended(client);
        Set<String> stored = new HashSet<>();
        String lastReason = null;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("episodes.db"));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT id, end_reason FROM episodes ORDER BY seq")) {
            while (r.next()) {
                stored.add(r.getString(1));
                lastReason = r.getString(2);
            }
        }
        assertTrue(stored.containsAll(reported), "reported ended " + reported + ", stored " + stored);
        assertEquals("shutdown", lastReason, "the episode open at SIGTERM is stored, ended by the shutdown");
    }

    static List<String> ended(WsClient c) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String m : c.received) {
            JsonNode n = Json.MAPPER.readTree(m);
            if ("episode".equals(n.path("type").asText()) && "end".equals(n.path("phase").asText())) {
                ids.add(n.get("id").asText());
            }
        }
        return ids;
    }
}
