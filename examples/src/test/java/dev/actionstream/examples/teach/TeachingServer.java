package dev.actionstream.examples.teach;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.promotion.PromotionWatch;
import dev.actionstream.synth.Action;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A started runtime that can teach, for the tests of what follows training: captured clips of boxing and squats, a
 * tiny base run that knows boxing and walking, the shipped live model serving the synthetic live source, and the real
 * trainer and exporter behind {@code /api/jobs}.
 */
final class TeachingServer implements AutoCloseable {

    private final ServeAssembly serving;
    private final Api api;
    private final Path base;

    private TeachingServer(ServeAssembly serving, Path base) {
        this.serving = serving;
        this.api = new Api(serving.server().port());
        this.base = base;
    }

    /** With the serving config of {@link TinyTeaching#serving}, no watch. */
    static TeachingServer start(Path dir) throws Exception {
        return start(dir, TinyTeaching.serving(dir), PromotionWatch.Settings.off());
    }

    static TeachingServer start(Path dir, RuntimeConfig config, PromotionWatch.Settings watch) throws Exception {
        Path datasets = dir.resolve("datasets");
        TinyTeaching.dataset(datasets.resolve("captures"), 4, 2, Action.BOXING, Action.SQUATS);
        Path base = TinyTeaching.baseRun(TinyTeaching.dataset(dir.resolve("base-data"), 4, 1, Action.BOXING,
                Action.WALKING), dir.resolve("base-run"));
        // As the shipped live run does, the base records how to write its clips again: jobs merge them in.
        Files.writeString(base.resolve("training-data.json"), "{\"synthetic\":[{\"seed\":1,\"videosPerClass\":4,"
                + "\"frames\":12,\"width\":64,\"height\":48,\"fps\":25.0,\"leadIn\":0.0,\"leadInFrames\":0,"
                + "\"actions\":[\"boxing\",\"walking\"]}]}");
        ServeAssembly serving = new ServeAssembly(new Pipeline(config, TinyTeaching.LIVE_MODEL)).withJobs(
                TinyTeaching.settings(dir.resolve("jobs"), datasets, TinyTeaching.commands()), watch);
        try {
            serving.start();
        } catch (RuntimeException e) {
            serving.close();
            throw e;
        }
        return new TeachingServer(serving, base);
    }

    Api api() {
        return api;
    }

    /** Trains a candidate from the base on the captures; fails the test unless the job succeeds. Its record. */
    JsonNode train(int epochs) throws Exception {
        String id = api.post("/api/jobs", "{\"dataset\":\"captures\",\"base\":\"" + base + "\",\"epochs\":" + epochs
                + "}").body().get("id").asText();
        JsonNode job = api.await("/api/jobs/" + id, j -> j.get("state").asText().matches(
                "succeeded|failed|cancelled|interrupted"), 300);
        assertEquals("succeeded", job.get("state").asText(), job.toString());
        return job;
    }

    /** The key of the model serving now, as {@code /api/models} says. */
    String activeKey() throws Exception {
        for (JsonNode m : api.get("/api/models").body()) {
            if (m.get("active").asBoolean()) {
                return m.get("key").asText();
            }
        }
        return null;
    }

    @Override
    public void close() {
        serving.close();
    }
}
