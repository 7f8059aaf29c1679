package dev.actionstream.examples.teach;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.promotion.PromotionWatch;
import dev.actionstream.synth.Action;
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
        Path datasets = dir.resolve("datasets");
        TinyTeaching.dataset(datasets.resolve("captures"), 4, 2, Action.BOXING, Action.SQUATS);
        Path base = TinyTeaching.baseRun(TinyTeaching.dataset(dir.resolve("base-data"), 4, 1, Action.BOXING,
                Action.WALKING), dir.resolve("base-run"));
        RuntimeConfig c = TinyTeaching.serving(dir);
        RuntimeConfig.Events e = c.events();
        c = c.withEvents(new RuntimeConfig.Events(e.topK(), e.filter(), e.smoothingWindows(), e.switchProbability(),
                0.99, e.periodicHz()));
        try (ServeAssembly serving = new ServeAssembly(new Pipeline(c, TinyTeaching.LIVE_MODEL)).withJobs(
                TinyTeaching.settings(dir.resolve("jobs"), datasets, TinyTeaching.commands()),
                new PromotionWatch.Settings(60, 0.5, 5))) {
            serving.start();
            Api api = new Api(serving.server().port());
            String id = api.post("/api/jobs", "{\"dataset\":\"captures\",\"base\":\"" + base + "\",\"epochs\":1}")
                    .body().get("id").asText();
            JsonNode job = api.await("/api/jobs/" + id, j -> j.get("state").asText().matches(
                    "succeeded|failed|cancelled|interrupted"), 300);
            assertEquals("succeeded", job.get("state").asText(), job.toString());
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
