package dev.actionstream.examples.teach;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.synth.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loop after training, real processes throughout: a job's candidate is shadowed on the live stream (figures on
 * {@code /api/shadow}), promoted (hot-swapped: label events switch model with gapless sequence numbers), recorded in
 * the history, and rolled back to the shipped model, again without a gap.
 */
class PromoteShadowRollbackTest {

    @TempDir
    Path dir;

    @Test
    void aCandidateIsShadowedPromotedAndRolledBackWithoutAnEventGap() throws Exception {
        Path datasets = dir.resolve("datasets");
        TinyTeaching.dataset(datasets.resolve("captures"), 4, 2, Action.BOXING, Action.SQUATS);
        Path base = TinyTeaching.baseRun(TinyTeaching.dataset(dir.resolve("base-data"), 4, 1, Action.BOXING,
                Action.WALKING), dir.resolve("base-run"));
        try (ServeAssembly serving = new ServeAssembly(new Pipeline(TinyTeaching.serving(dir),
                TinyTeaching.LIVE_MODEL)).withJobs(TinyTeaching.settings(dir.resolve("jobs"), datasets,
                TinyTeaching.commands()))) {
            serving.start();
            Api api = new Api(serving.server().port());
            List<JsonNode> events = api.subscribe("stream=cam&jobs=true");
            String id = api.post("/api/jobs", "{\"dataset\":\"captures\",\"base\":\"" + base + "\",\"epochs\":2}")
                    .body().get("id").asText();
            JsonNode job = api.await("/api/jobs/" + id, j -> j.get("state").asText().matches(
                    "succeeded|failed|cancelled|interrupted"), 300);
            assertEquals("succeeded", job.get("state").asText(), job.toString());
            String key = job.get("candidate").asText();
            JsonNode heldOut = api.get("/api/candidates").body().get(0).get("heldOut");
            assertEquals("lrcn-synthetic-live.onnx", heldOut.get("activeModel").asText(), heldOut.toString());
            assertTrue(heldOut.get("clips").asInt() >= 2, heldOut.toString());
            // Each model windows the same clips at its own length and interval: at least one window a clip each.
            for (String model : List.of("candidate", "active")) {
                assertTrue(heldOut.get(model).get("windows").asLong() >= heldOut.get("clips").asLong(), model + ": "
                        + heldOut);
                assertEquals(List.of("boxing", "squats"), List.copyOf(Json.MAPPER.convertValue(heldOut.get(model)
                        .get("perClass"), java.util.LinkedHashMap.class).keySet()), heldOut.toString());
            }
            assertEquals(0, heldOut.get("active").get("perClass").get("squats").get("correct").asLong(),
                    "the shipped model does not know squats: " + heldOut);

            Api.Reply shadow = api.post("/api/shadow", "{\"candidate\":\"" + key + "\",\"streams\":[\"cam\"]}");
            assertEquals(200, shadow.status(), String.valueOf(shadow.body()));
            JsonNode report = api.await("/api/shadow", r -> r.path("streams").path("cam").path("windows").asLong()
                    >= 10, 60);
            JsonNode cam = report.get("streams").get("cam");
            double agreement = cam.get("agreement").asDouble();
            assertTrue(agreement >= 0 && agreement <= 1, report.toString());
            long counted = 0;
            for (JsonNode n : cam.get("candidateCounts")) {
                counted += n.asLong();
            }
            assertTrue(counted >= 10 && counted >= cam.get("windows").asLong() - 1, report.toString());
            assertTrue(cam.get("candidateCounts").has("squats"), "the candidate's labels are counted");
            assertTrue(report.get("droppedFrames").asLong() >= 0);
            assertEquals(404, api.post("/api/shadow", "{\"candidate\":\"nope.onnx\"}").status());

            Api.Reply promoted = api.post("/api/models/" + key + "/promote", "{\"who\":\"test\",\"why\":\"squats\"}");
            assertEquals(200, promoted.status(), String.valueOf(promoted.body()));
            assertEquals("lrcn-synthetic-live.onnx", promoted.body().get("previous").asText());
            assertEquals("test", promoted.body().get("who").asText());
            assertTrue(promoted.body().get("metrics").has("shadow"), "shadow figures recorded with the promotion");
            assertTrue(Files.isRegularFile(dir.resolve("models").resolve(key)), "the candidate is in the models folder");
            String taughtName = "taught-" + id;
            awaitEventOf(events, 0, taughtName);
            assertEquals(key, activeKey(api));

            Api.Reply back = api.post("/api/models/rollback", "{\"who\":\"test\",\"why\":\"check\"}");
            assertEquals(200, back.status(), String.valueOf(back.body()));
            assertEquals("lrcn-synthetic-live.onnx", back.body().get("model").asText());
            assertEquals("lrcn-synthetic-live.onnx", activeKey(api));
            int after = events.size();
            awaitEventOf(events, after, "lrcn-synthetic-live");
            assertEquals(409, api.post("/api/models/rollback", "").status(), "nothing more to roll back");
            assertEquals(404, api.post("/api/models/nope.onnx/promote", "").status());

            JsonNode history = api.get("/api/models/history").body();
            assertEquals(2, history.size(), history.toString());
            assertEquals(List.of("promote", "rollback"), List.of(history.get(0).get("action").asText(),
                    history.get(1).get("action").asText()));
            assertTrue(Files.readString(dir.resolve("jobs/history.json")).contains("\"rollback\""));

            // Label events kept their sequence through both swaps: no gap.
            List<JsonNode> labels = events.stream().filter(e -> e.has("sequence")).toList();
            for (int i = 1; i < labels.size(); i++) {
                assertEquals(labels.get(i - 1).get("sequence").asLong() + 1, labels.get(i).get("sequence").asLong(),
                        "gapless at " + i);
            }
            assertTrue(events.stream().anyMatch(e -> "model".equals(e.path("type").asText())
                    && "promote".equals(e.path("event").asText())), "a model event announced the promotion");
        }
    }

    private static String activeKey(Api api) throws Exception {
        for (JsonNode m : api.get("/api/models").body()) {
            if (m.get("active").asBoolean()) {
                return m.get("key").asText();
            }
        }
        return null;
    }

    /** Waits for a label event from {@code model} at or after index {@code from} of {@code all}. */
    private static void awaitEventOf(List<JsonNode> all, int from, String model) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (int i = from; i < all.size(); i++) {
                if (model.equals(all.get(i).path("modelName").asText())) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no label event from " + model + " within 30 s");
    }
}
