package dev.actionstream.examples.teach;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.config.PromotionMode;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.evaluation.Accuracy;
import dev.actionstream.runtime.evaluation.HeldOutComparison;
import dev.actionstream.runtime.jobs.Candidate;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.promotion.AutoPromoter;
import dev.actionstream.runtime.promotion.PromotionPolicy;
import dev.actionstream.runtime.promotion.PromotionWatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code teach.promotion: auto} against a real runtime: the policy promotes a candidate whose held-out figures beat
 * the serving model's (a real hot-swap, recorded in the history by the policy with its reason and figures) and
 * refuses one that loses a class beyond the margin (nothing swapped, nothing in the history, the reason kept with the
 * candidate). In those two the candidates are the shipped model's file under another name, with held-out figures
 * written in, so the decision does not hang on how well a tiny training run happened to do; a third trains one for
 * real, with the policy switched on in the config.
 */
class AutoPromotionTest {

    private static final String SERVING = "lrcn-synthetic-live.onnx";

    @TempDir
    Path dir;

    @Test
    void promotesACandidateAtLeastAsAccurateThatLosesNoClassBeyondTheMargin() throws Exception {
        Candidate c = candidate("1", accuracy(48, 45), accuracy(50, 0));
        try (ServeAssembly serving = serve()) {
            Api api = new Api(serving.server().port());
            policy(serving).accept(c);

            JsonNode history = api.get("/api/models/history").body();
            assertEquals(1, history.size(), history.toString());
            JsonNode e = history.get(0);
            assertEquals("promote", e.get("action").asText());
            assertEquals("taught-1.onnx", e.get("model").asText());
            assertEquals("promotion policy", e.get("who").asText());
            assertTrue(e.get("why").asText().startsWith("at least as accurate on 4 held-out captured clips"),
                    e.toString());
            assertEquals(0.93, e.get("metrics").get("heldOut").get("candidate").get("accuracy").asDouble(), 1e-9);
            assertEquals("auto", e.get("metrics").get("policy").get("promotion").asText());
            assertEquals("taught-1.onnx", activeKey(api));
            JsonNode decision = api.get("/api/candidates").body().get(0).get("decision");
            assertEquals("promoted", decision.get("outcome").asText(), decision.toString());
        }
    }

    @Test
    void refusesACandidateThatLosesOneClassBeyondTheMargin() throws Exception {
        Candidate c = candidate("1", accuracy(46, 50), accuracy(50, 40));
        try (ServeAssembly serving = serve()) {
            Api api = new Api(serving.server().port());
            policy(serving).accept(c);

            assertEquals(0, api.get("/api/models/history").body().size(), "nothing promoted, nothing recorded");
            assertEquals(SERVING, activeKey(api));
            JsonNode decision = api.get("/api/candidates").body().get(0).get("decision");
            assertEquals("refused", decision.get("outcome").asText());
            assertEquals("class 'boxing' drops from 100.0 % to 92.0 % on the held-out clips, more than the 5.0 % "
                    + "margin", decision.get("reason").asText());
            assertTrue(Files.readString(dir.resolve("jobs/1/candidate/candidate.json")).contains("\"refused\""),
                    "the decision is kept with the candidate");
        }
    }

    @Test
    void withTeachPromotionAutoEachNewCandidateIsJudgedByItsHeldOutFigures() throws Exception {
        // Only the overall figure decides here (any class may drop): promoted exactly when the candidate is at least as
        // accurate as the serving model on the held-out captured clips, by the figures the job recorded.
        RuntimeConfig config = TinyTeaching.serving(dir).withTeach(new RuntimeConfig.Teach(PromotionMode.AUTO, 1.0,
                20));
        try (TeachingServer teaching = TeachingServer.start(dir, config, PromotionWatch.Settings.off())) {
            Api api = teaching.api();
            String key = teaching.train(1).get("candidate").asText();
            JsonNode c = api.await("/api/candidates", cs -> cs.get(0).hasNonNull("decision"), 30).get(0);
            JsonNode h = c.get("heldOut");
            boolean better = h.get("candidate").get("accuracy").asDouble() >= h.get("active").get("accuracy").asDouble();
            JsonNode history = api.get("/api/models/history").body();
            if (better) {
                assertEquals("promoted", c.get("decision").get("outcome").asText(), c.toString());
                assertEquals(1, history.size(), history.toString());
                assertEquals("promotion policy", history.get(0).get("who").asText());
                assertEquals(key, teaching.activeKey());
            } else {
                assertEquals("refused", c.get("decision").get("outcome").asText(), c.toString());
                assertTrue(c.get("decision").get("reason").asText().startsWith("less accurate on "), c.toString());
                assertEquals(0, history.size(), history.toString());
                assertEquals(SERVING, teaching.activeKey());
            }
        }
    }

    private ServeAssembly serve() throws Exception {
        ServeAssembly s = new ServeAssembly(new Pipeline(TinyTeaching.serving(dir), TinyTeaching.LIVE_MODEL))
                .withJobs(TinyTeaching.settings(dir.resolve("jobs"), dir.resolve("datasets"), TinyTeaching.commands()));
        s.start();
        return s;
    }

    private static AutoPromoter policy(ServeAssembly s) {
        return new AutoPromoter(PromotionMode.AUTO, new PromotionPolicy(0.05), s.promotions(),
                s.pipeline().registry(), s.jobs().candidates(), s.jobs().jobsDir());
    }

    /** A registered candidate on disk, as a job leaves it: the shipped model's file as {@code taught-<id>.onnx}. */
    private Candidate candidate(String job, Accuracy candidate, Accuracy active) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("jobs").resolve(job).resolve("candidate"));
        String key = "taught-" + job + ".onnx";
        Files.copy(TinyTeaching.LIVE_MODEL, folder.resolve(key));
        Candidate c = new Candidate(key, job, "taught-" + job, "1", List.of("boxing", "squats"), "run",
                List.of(key), null, new HeldOutComparison(4, Map.of("boxing", 2, "squats", 2), candidate, SERVING,
                active, null), "2026-12-03T00:00:00Z", null);
        Files.write(folder.resolve("candidate.json"), Json.MAPPER.writeValueAsBytes(c));
        return c;
    }

    /** 50 windows of boxing and 50 of squats, so many of each right. */
    private static Accuracy accuracy(long boxing, long squats) {
        Map<String, Accuracy.ClassAccuracy> per = new LinkedHashMap<>();
        per.put("boxing", new Accuracy.ClassAccuracy(50, boxing, boxing / 50.0));
        per.put("squats", new Accuracy.ClassAccuracy(50, squats, squats / 50.0));
        return new Accuracy(100, boxing + squats, (boxing + squats) / 100.0, per);
    }

    private static String activeKey(Api api) throws Exception {
        for (JsonNode m : api.get("/api/models").body()) {
            if (m.get("active").asBoolean()) {
                return m.get("key").asText();
            }
        }
        return null;
    }
}
