package dev.actionstream.examples.teach;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
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
        try (TeachingServer teaching = TeachingServer.start(dir)) {
            Api api = teaching.api();
            List<JsonNode> events = api.subscribe("stream=cam&jobs=true");
            JsonNode job = teaching.train(2);
            String id = job.get("id").asText();
            String key = job.get("candidate").asText();
            assertEquals("[\"boxing\",\"walking\"]", job.get("baseLabels").toString(), "what the base knows");
            assertEquals("[\"boxing\",\"squats\"]", job.get("labels").toString());
            // The base's own clips were written into the jobs folder's cache, for the next job, and the run holds
            // them as links.
            Path baseClip;
            try (var clips = Files.walk(Path.of(job.get("folder").asText()).resolve("run").resolve("base-data"))) {
                baseClip = clips.filter(f -> f.toString().endsWith(".mp4")).findFirst().orElseThrow();
            }
            assertTrue((int) Files.getAttribute(baseClip, "unix:nlink") > 1, baseClip + ": linked from the cache");
            assertTrue(Files.isDirectory(dir.resolve("jobs").resolve("base-clips")), "the jobs folder's clip cache");
            JsonNode decided = api.await("/api/candidates", cs -> cs.get(0).hasNonNull("decision"), 30).get(0);
            assertEquals("manual", decided.get("decision").get("outcome").asText(), "promotion is manual by default");
            JsonNode heldOut = api.get("/api/candidates").body().get(0).get("heldOut");
            assertEquals("lrcn-synthetic-live.onnx", heldOut.get("activeModel").asText(), heldOut.toString());
            assertTrue(heldOut.get("clips").asInt() >= 2, heldOut.toString());
            // Each model windows the same clips at its own length and interval: at least one window a clip each.
            for (String model : List.of("candidate", "active")) {
                assertTrue(heldOut.get(model).get("windows").asLong() >= heldOut.get("clips").asLong(), model + ": "
                        + heldOut);
                // Captured clips only: the base's own walking clips, merged into the training data, are not held out.
                List<?> classes = List.copyOf(Json.MAPPER.convertValue(heldOut.get(model).get("perClass"),
                        java.util.LinkedHashMap.class).keySet());
                assertTrue(classes.contains("squats") && List.of("boxing", "squats").containsAll(classes),
                        heldOut.toString());
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
            double noAnswer = cam.get("uncertainOrUnknownRate").asDouble();
            assertTrue(noAnswer >= 0 && noAnswer <= 1, report.toString());
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
            assertEquals(key, teaching.activeKey());

            Api.Reply back = api.post("/api/models/rollback", "{\"who\":\"test\",\"why\":\"check\"}");
            assertEquals(200, back.status(), String.valueOf(back.body()));
            assertEquals("lrcn-synthetic-live.onnx", back.body().get("model").asText());
            assertEquals("lrcn-synthetic-live.onnx", teaching.activeKey());
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
