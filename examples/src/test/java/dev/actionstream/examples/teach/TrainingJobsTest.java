package dev.actionstream.examples.teach;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.jobs.JobSettings;
import dev.actionstream.runtime.jobs.TrainerCommands;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.synth.Action;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training jobs with real processes throughout: the runtime serves the shipped live model on the synthetic source
 * while {@code POST /api/jobs} runs the real trainer (its own JVM, {@code --progress-json}) and the real exporter on
 * tiny synthetic clips, from a tiny base run. Covers a job that ends in a candidate (never active), refusals with
 * reasons, the queue, cancel (SIGTERM: the trainer keeps its best epoch), a killed trainer, a failed export and a
 * restart.
 */
class TrainingJobsTest {

    @TempDir
    static Path shared;
    static Path datasets;
    static Path base;

    @TempDir
    Path dir;

    private final List<ServeAssembly> serving = new ArrayList<>();

    @BeforeAll
    static void material() throws Exception {
        datasets = shared.resolve("datasets");
        TinyTeaching.dataset(datasets.resolve("captures"), 4, 2, Action.BOXING, Action.SQUATS);
        TinyTeaching.dataset(datasets.resolve("one"), 4, 3, Action.SQUATS);
        TinyTeaching.dataset(datasets.resolve("few"), 2, 4, Action.BOXING, Action.SQUATS);
        Path clash = TinyTeaching.dataset(datasets.resolve("clash"), 3, 5, Action.BOXING, Action.SQUATS);
        Files.move(clash.resolve("boxing"), clash.resolve("Boxing"));
        base = TinyTeaching.baseRun(TinyTeaching.dataset(shared.resolve("base-data"), 4, 1, Action.BOXING,
                Action.WALKING), shared.resolve("base-run"));
    }

    @AfterEach
    void stop() {
        serving.forEach(ServeAssembly::close);
    }

    private Api serve(JobSettings settings) throws Exception {
        ServeAssembly a = new ServeAssembly(new Pipeline(TinyTeaching.serving(dir), TinyTeaching.LIVE_MODEL))
                .withJobs(settings);
        serving.add(a);
        a.start();
        return new Api(a.server().port());
    }

    private Api serve() throws Exception {
        return serve(TinyTeaching.settings(dir.resolve("jobs"), datasets, TinyTeaching.commands()));
    }

    private String job(String dataset, int epochs) {
        return "{\"dataset\":\"" + dataset + "\",\"base\":\"" + base + "\",\"epochs\":" + epochs + "}";
    }

    private static boolean finished(JsonNode j) {
        return List.of("succeeded", "failed", "cancelled", "interrupted").contains(j.get("state").asText());
    }

    @Test
    void aJobTrainsAndExportsACandidateThatIsNeverActive() throws Exception {
        Api api = serve();
        List<JsonNode> events = api.subscribe("jobs=true");
        Api.Reply submitted = api.post("/api/jobs", job("captures", 2));
        assertEquals(202, submitted.status(), String.valueOf(submitted.body()));
        String id = submitted.body().get("id").asText();

        JsonNode done = api.await("/api/jobs/" + id, TrainingJobsTest::finished, 300);
        assertEquals("succeeded", done.get("state").asText(), done.toString());
        assertEquals("taught-" + id + ".onnx", done.get("candidate").asText());
        assertEquals(1.0, done.get("progress").get("fraction").asDouble(), 1e-9);
        assertEquals(List.of("boxing", "squats"), labels(done.get("labels")));

        JsonNode candidates = api.get("/api/candidates").body();
        assertEquals(1, candidates.size(), candidates.toString());
        assertEquals(List.of("boxing", "squats"), labels(candidates.get(0).get("labels")));
        Path folder = Path.of(done.get("folder").asText());
        for (JsonNode f : candidates.get(0).get("files")) {
            assertTrue(Files.size(folder.resolve("candidate").resolve(f.asText())) > 0, f.asText());
        }
        assertTrue(Files.readString(folder.resolve("train.log")).contains("@progress "), "trainer log kept");
        // A new label (squats) from a few clips: only the head learns, on colour-cast windows.
        assertTrue(Files.readString(folder.resolve("train.log")).contains("training the head only"),
                "head-only training for new labels");
        assertTrue(Files.readString(folder.resolve("train.yaml")).contains("colourCast: 0.3"), "colour cast");
        assertTrue(Files.readString(folder.resolve("run").resolve("spec.json")).contains("-taught-" + id + "\""),
                "the model is named after its base and job");
        assertTrue(Files.readString(folder.resolve("export.log")).contains("parity proven"), "export log kept");
        assertTrue(Files.readString(folder.resolve("job.json")).contains("\"succeeded\""), "record persisted");

        // The candidate is not served: the shipped model still is, and is the only one loaded.
        JsonNode models = api.get("/api/models").body();
        assertEquals(1, models.size(), models.toString());
        assertEquals("lrcn-synthetic-live.onnx", models.get(0).get("key").asText());

        // Progress streamed as job events: the trainer's epochs, then success.
        List<JsonNode> jobs = events.stream().filter(e -> "job".equals(e.path("type").asText()))
                .map(e -> e.get("job")).toList();
        assertTrue(jobs.stream().anyMatch(j -> "training".equals(j.get("state").asText())
                && j.get("progress").path("epoch").asInt() == 2), "an event at epoch 2: " + jobs);
        assertTrue(jobs.stream().anyMatch(j -> j.get("progress").hasNonNull("loss")), "loss reported");
        assertEquals("succeeded", jobs.get(jobs.size() - 1).get("state").asText());
    }

    @Test
    void badRequestsAreRefusedWithTheirReasonAndStartNothing() throws Exception {
        Api api = serve();
        assertRefused(api.post("/api/jobs", job("one", 2)), 422, "at least two");
        assertRefused(api.post("/api/jobs", job("few", 2)), 422, "too few clips");
        assertRefused(api.post("/api/jobs", job("clash", 2)), 422, "clashes with the base model's 'boxing'");
        assertRefused(api.post("/api/jobs", job("nowhere", 2)), 404, "no dataset 'nowhere'");
        assertRefused(api.post("/api/jobs", "{\"dataset\":\"captures\",\"base\":\"" + dir + "\"}"), 422,
                "not a training run folder");
        assertRefused(api.post("/api/jobs", "{\"dataset\":\"captures\",\"labels\":[\"boxing\",\"waving\"],"
                + "\"base\":\"" + base + "\"}"), 422, "label 'waving' has no folder");
        assertRefused(api.post("/api/jobs", "{\"dataset\":\"captures\",\"epochs\":0}"), 400, "epochs");
        assertRefused(api.post("/api/jobs", "not json"), 400, "not JSON");
        assertRefused(api.post("/api/jobs", "{\"dataset\":\"captures\",\"trainLayers\":\"encoder\"}"), 400,
                "expected all, top or head");
        // The shipped model has no run here: without a base the job cannot start from it.
        assertRefused(api.post("/api/jobs", "{\"dataset\":\"captures\"}"), 422, "has no training run here");
        assertEquals(0, api.get("/api/jobs").body().get("jobs").size());
    }

    @Test
    void aKilledTrainerFailsItsJobTheNextOneRunsAndCancelKeepsTheBestEpoch() throws Exception {
        Api api = serve();
        String first = api.post("/api/jobs", job("captures", 200)).body().get("id").asText();
        Api.Reply second = api.post("/api/jobs", job("captures", 200));
        assertEquals(202, second.status());
        assertEquals("queued", second.body().get("state").asText());
        assertTrue(second.body().get("reason").asText().contains("waiting for job " + first));

        api.await("/api/jobs/" + first, j -> j.get("progress").path("batch").asInt() > 0, 180);
        List<ProcessHandle> trainers = trainers();
        assertEquals(1, trainers.size(), "one trainer at a time");
        trainers.get(0).destroyForcibly();
        JsonNode killed = api.await("/api/jobs/" + first, TrainingJobsTest::finished, 60);
        assertEquals("failed", killed.get("state").asText());
        assertTrue(killed.get("reason").asText().contains("killed by signal 9"), killed.toString());
        assertFalse(Files.exists(Path.of(killed.get("folder").asText()).resolve("candidate")));

        String next = second.body().get("id").asText();
        api.await("/api/jobs/" + next, j -> j.get("progress").path("phase").asText().equals("training")
                && j.get("progress").path("epoch").asInt() >= 1 && j.get("progress").hasNonNull("valLoss")
                || j.get("progress").path("epoch").asInt() >= 2, 240);
        assertEquals(200, api.delete("/api/jobs/" + next).status());
        JsonNode cancelled = api.await("/api/jobs/" + next, TrainingJobsTest::finished, 120);
        assertEquals("cancelled", cancelled.get("state").asText(), cancelled.toString());
        assertTrue(cancelled.get("reason").asText().contains("kept its best finished epoch"), cancelled.toString());
        Path run = Path.of(cancelled.get("folder").asText()).resolve("run");
        assertTrue(Files.isRegularFile(run.resolve("model.zip")), "the trainer wrote its run on SIGTERM");
        assertTrue(cancelled.get("candidate").isNull());
        assertEquals(0, api.get("/api/candidates").body().size());
        assertEquals(409, api.delete("/api/jobs/" + next).status());
    }

    @Test
    void anExportThatFailsParityLeavesNoCandidate() throws Exception {
        TrainerCommands real = TinyTeaching.commands();
        TrainerCommands failingExport = new TrainerCommands(real.train(), List.of("sh", "-c",
                "echo 'export failed: parity: probabilities differ by 0.31 on window 3 (tolerance 1.0E-4)'; exit 1",
                "export"), real.nice());
        Api api = serve(TinyTeaching.settings(dir.resolve("jobs"), datasets, failingExport));
        String id = api.post("/api/jobs", job("captures", 1)).body().get("id").asText();
        JsonNode done = api.await("/api/jobs/" + id, TrainingJobsTest::finished, 300);
        assertEquals("failed", done.get("state").asText());
        assertTrue(done.get("reason").asText().startsWith("export failed: parity: probabilities differ by 0.31"),
                done.toString());
        assertFalse(Files.exists(Path.of(done.get("folder").asText()).resolve("candidate")));
        assertEquals(0, api.get("/api/candidates").body().size());
        assertEquals("lrcn-synthetic-live.onnx", api.get("/api/models").body().get(0).get("key").asText());
    }

    @Test
    void aJobUnfinishedWhenTheServerStopsIsReportedInterruptedAfterARestart() throws Exception {
        Api api = serve();
        String id = api.post("/api/jobs", job("captures", 200)).body().get("id").asText();
        api.await("/api/jobs/" + id, j -> "training".equals(j.get("state").asText()), 60);
        serving.remove(0).close();
        assertTrue(trainers().isEmpty(), "the trainer stopped with the server");
        // A server that died without closing leaves a record saying the job still runs.
        TinyTeaching.write(dir.resolve("jobs/7/job.json"), Files.readString(dir.resolve("jobs/" + id + "/job.json"))
                .replace("\"id\" : \"" + id + "\"", "\"id\" : \"7\"").replaceAll("\"state\" : \"[a-z]+\"",
                        "\"state\" : \"training\""));

        Api again = serve();
        JsonNode stopped = again.get("/api/jobs/" + id).body();
        assertEquals("interrupted", stopped.get("state").asText(), stopped.toString());
        assertTrue(stopped.get("reason").asText().contains("server stopped"));
        JsonNode crashed = again.get("/api/jobs/7").body();
        assertEquals("interrupted", crashed.get("state").asText(), crashed.toString());
        assertTrue(crashed.get("reason").asText().contains("server stopped while the job was training"));
        // Ids continue after the highest on disk.
        assertEquals("8", again.post("/api/jobs", job("captures", 1)).body().get("id").asText());
        again.delete("/api/jobs/8");
    }

    private static void assertRefused(Api.Reply r, int status, String reason) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        assertNotNull(r.body());
        assertTrue(r.body().get("error").asText().contains(reason), r.body().toString());
    }

    private static List<String> labels(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * The trainer processes this JVM started: its only child JVMs (their command lines, with the long classpath,
     * are not reliably readable).
     */
    private static List<ProcessHandle> trainers() {
        try (Stream<ProcessHandle> all = ProcessHandle.current().children()) {
            return all.filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().orElse("").endsWith("/java")).toList();
        }
    }
}
