package dev.actionstream.runtime.jobs;

import dev.actionstream.config.Json;
import dev.actionstream.runtime.fixtures.TestRuntime;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only the newest finished job folders are kept, with real trainer processes (that fail at once): older ones are
 * deleted with their records, but a folder holding a candidate stays, and the captured clips a job linked to are
 * never touched.
 */
class JobFolderRetentionTest {

    private static final Path SHIPPED = Path.of("..", "examples", "models", "runs", "lrcn-synthetic-live");

    @TempDir
    Path dir;

    @Test
    void olderFinishedJobFoldersGoButACandidatesFolderAndTheClipsStay() throws Exception {
        Path datasets = dir.resolve("datasets");
        for (String label : List.of("boxing", "squats")) {
            for (int i = 0; i < 3; i++) {
                Files.createDirectories(datasets.resolve("captures").resolve(label));
                Files.writeString(datasets.resolve("captures").resolve(label).resolve("clip" + i + ".mp4"), "clip");
            }
        }
        Path jobs = dir.resolve("jobs");
        Candidate kept = new Candidate("taught-1.onnx", "1", "taught-1", "1", List.of("boxing", "squats"), "run",
                List.of("taught-1.onnx"), null, null, "2026-12-03T00:00:00Z", null);
        Files.createDirectories(jobs.resolve("1/candidate"));
        Files.write(jobs.resolve("1/candidate/candidate.json"), Json.MAPPER.writeValueAsBytes(kept));
        new JobStore(jobs).save(new JobRecord("1", JobState.SUCCEEDED, "captures", SHIPPED.toString(), 1, 0, null,
                List.of("boxing", "squats"), JobProgress.starting("done"), null, "taught-1.onnx",
                jobs.resolve("1").toString(), "2026-12-03T00:00:00Z", null, "2026-12-03T00:01:00Z", null, null, null));
        TrainerCommands failing = new TrainerCommands(List.of("sh", "-c", "echo 'train failed: no' ; exit 3", "train"),
                List.of("sh", "-c", "exit 1", "export"), false);
        JobSettings settings = JobSettings.defaults(jobs, datasets, List.of(), failing).withKeepJobs(1);

        try (JobRunner runner = new JobRunner(settings, TestRuntime.registry(dir.resolve("models"), new RuntimeMetrics()),
                j -> { })) {
            runner.start();
            for (int i = 0; i < 3; i++) {
                JobRecord j = runner.submit(new JobRequest("captures", SHIPPED.toString(), 1, 0, List.of(), null));
                awaitFinished(runner, j.id());
                assertTrue(runner.get(j.id()).isPresent(), "the newest finished job is kept");
            }
            // Jobs 2 and 3 failed and are older than the newest one (4); job 1 holds a candidate. The runner prunes
            // right after a job ends, so give it that moment.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (runner.list().size() > 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("1", "4"), runner.list().stream().map(JobRecord::id).toList());
            assertFalse(Files.exists(jobs.resolve("2")));
            assertFalse(Files.exists(jobs.resolve("3")));
            assertTrue(Files.isRegularFile(jobs.resolve("1/candidate/candidate.json")));
            assertTrue(Files.isSymbolicLink(jobs.resolve("4/data/boxing")), "the newest job's folder is whole");
            assertEquals("training failed: no (exit status 3)", runner.get("4").orElseThrow().reason());
            for (String label : List.of("boxing", "squats")) {
                for (int i = 0; i < 3; i++) {
                    assertEquals("clip", Files.readString(datasets.resolve("captures").resolve(label)
                            .resolve("clip" + i + ".mp4")), "captured clips are never deleted");
                }
            }
        }
        // A restart reads what is left.
        try (JobRunner again = new JobRunner(settings, TestRuntime.registry(dir.resolve("models"),
                new RuntimeMetrics()), j -> { })) {
            assertEquals(List.of("1", "4"), again.list().stream().map(JobRecord::id).toList());
        }
    }

    @Test
    void aJobRecordNamesItsBaseModelAndTheLabelsItAdds() throws Exception {
        JobRecord j = new JobRecord("5", JobState.QUEUED, "captures", "run", 1, 0, null,
                List.of("boxing", "squats"), null, null, null, "f", "t", null, null, "lrcn-synthetic-live",
                List.of("boxing", "walking"), null);
        assertEquals(List.of("squats"), j.newLabels());
    }

    private static void awaitFinished(JobRunner runner, String id) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (runner.get(id).map(j -> j.state().finished()).orElse(true)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " did not finish: " + runner.get(id));
    }
}
