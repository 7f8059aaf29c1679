package dev.actionstream.examples.teach;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.promotion.PromotionWatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watch period after a promotion, with real processes: a tiny candidate is promoted onto a stream where nearly
 * every answer is uncertain (the confidence threshold is set at 0.99), and the watch rolls it back by itself,
 * recording why in the history.
 */
class PromotionWatchTest {

    @TempDir
    Path dir;

    @Test
    void aPromotionWhoseModelAnswersUncertainTooOftenIsRolledBackByItsWatch() throws Exception {
        RuntimeConfig c = TinyTeaching.serving(dir);
        RuntimeConfig.Events e = c.events();
        c = c.withEvents(new RuntimeConfig.Events(e.topK(), e.filter(), e.smoothingWindows(), e.switchProbability(),
                0.99, e.periodicHz()));
        try (TeachingServer teaching = TeachingServer.start(dir, c, new PromotionWatch.Settings(60, 0.5, 5))) {
            Api api = teaching.api();
            JsonNode job = teaching.train(1);
            assertEquals(200, api.post("/api/models/" + job.get("candidate").asText() + "/promote", "").status());

            JsonNode history = api.await("/api/models/history", h -> h.size() == 2, 60);
            JsonNode back = history.get(1);
            assertEquals("auto-rollback", back.get("action").asText());
            assertEquals("lrcn-synthetic-live.onnx", back.get("model").asText());
            assertTrue(back.get("why").asText().contains("answered uncertain on"), back.toString());
            assertTrue(back.get("metrics").get("uncertainRate").asDouble() > 0.5, back.toString());
            for (JsonNode m : api.get("/api/models").body()) {
                assertEquals(m.get("key").asText().equals("lrcn-synthetic-live.onnx"), m.get("active").asBoolean());
            }
        }
    }
}
