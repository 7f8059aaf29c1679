package dev.actionstream.trainer.cli;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import dev.actionstream.trainer.dataset.BaseTrainingData;
import dev.actionstream.trainer.dataset.DatasetSplit;
import dev.actionstream.trainer.train.EvaluationReport;
import dev.actionstream.trainer.train.RunFolder;
import dev.actionstream.trainer.train.TestDatasets;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The three commands end to end on real video files: one LRCN run trained once, then evaluated and used. */
class CommandsTest {

    private static final Path VTEST = Path.of("/usr/share/doc/opencv-doc/examples/data/vtest.avi");

    @TempDir
    static Path dir;
    static Path data;
    static Path run;

    record Result(int exit, String out, String err) {
    }

    static Result execute(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        data = TestDatasets.write(dir.resolve("synthetic"));
        Path config = tinyConfig("tiny.yaml", 2);
        run = dir.resolve("run");
        Result r = execute(new TrainCommand(), "--arch", "lrcn", "--data", data.toString(), "--config",
                config.toString(), "--out", run.toString(), "--no-progress");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("run folder:"), r.out());
    }

    private static Path tinyConfig(String name, int epochs) throws IOException {
        Path config = dir.resolve(name);
        Files.writeString(config, String.join("\n",
                "epochs: " + epochs,
                "batchSize: 4",
                "dataset:",
                "  framesPerWindow: 4",
                "  frameHeight: 16",
                "  frameWidth: 16",
                "  cacheDir: " + dir.resolve("cache"),
                "lrcn:",
                "  filters: [4, 4]",
                "  pools: [2, 2]",
                "  lstmUnits: 4",
                ""));
        return config;
    }

    @Test
    void trainStoppedBySigtermStillWritesTheRunWithTheBestFinishedEpoch() throws Exception {
        Path config = tinyConfig("long.yaml", 10_000);
        Path stopped = dir.resolve("stopped");
        // To a file: Process.destroy() closes the pipes from the child, which would lose the lines it writes last.
        Path log = dir.resolve("stopped.log");
        Process train = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), TrainerCli.class.getName(), "train",
                "--arch", "lrcn", "--data", data.toString(), "--config", config.toString(),
                "--out", stopped.toString(), "--no-progress")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.readString(log).contains("epoch 2:")) {
                assertTrue(train.isAlive() && System.nanoTime() < deadline,
                        "no second epoch within 3 minutes: " + Files.readString(log));
                Thread.sleep(50);
            }
            train.destroy(); // SIGTERM, as kill or a service manager sends it
            assertTrue(train.waitFor(2, TimeUnit.MINUTES), "still running after SIGTERM: " + Files.readString(log));
        } finally {
            train.destroyForcibly();
        }
        String output = Files.readString(log);

        assertTrue(output.contains("stopped on request after epoch"), output);
        RunFolder folder = RunFolder.open(stopped);
        for (Path p : List.of(folder.model(), folder.metrics(), folder.evaluation(), folder.lossPlot(),
                folder.confusionPlot())) {
            assertTrue(Files.size(p) > 0, p.toString());
        }
        long epochs = Files.readAllLines(folder.metrics()).size() - 1;
        assertTrue(epochs >= 2 && epochs < 10_000, "epochs in metrics.csv: " + epochs);
        assertEquals(6, folder.readSpec().numClasses());
        EvaluationReport report = EvaluationReport.read(folder.evaluation());
        assertTrue(report.windows() > 0);
    }

    @Test
    void trainWritesAnLrcnRunFolder() throws Exception {
        RunFolder folder = RunFolder.open(run);
        ModelSpec spec = folder.readSpec();
        assertEquals("lrcn-synthetic", spec.name());
        assertEquals(6, spec.numClasses());
        for (Path p : List.of(folder.config(), folder.split(), folder.metrics(), folder.evaluation(),
                folder.lossPlot(), folder.accuracyPlot(), folder.confusionPlot(), folder.summary())) {
            assertTrue(Files.size(p) > 0, p.toString());
        }
    }

    @Test
    void evaluateRescoresTheRequestedSplitAndRewritesTheReport() throws Exception {
        RunFolder folder = RunFolder.open(run);
        Files.delete(folder.evaluation());

        Result r = execute(new EvaluateCommand(), "--model", run.toString(), "--data", data.toString(),
                "--split", "validation");

        assertEquals(0, r.exit(), r.err());
        EvaluationReport report = EvaluationReport.read(folder.evaluation());
        assertEquals("validation", report.split());
        assertEquals(6, report.windows());
        assertTrue(r.out().contains("validation split: 6 windows"), r.out());
    }

    @Test
    void evaluateScoresAnotherSplitFileIntoAnotherFolder() throws Exception {
        RunFolder folder = RunFolder.open(run);
        String before = Files.readString(folder.evaluation());
        DatasetSplit own = DatasetSplit.read(folder.split());
        // Held out now: two training videos of each of two classes.
        List<String> chosen = own.train().stream().filter(p -> p.startsWith("boxing") || p.startsWith("walking"))
                .limit(4).toList();
        assertEquals(4, chosen.size(), own.train().toString());
        Path splitFile = dir.resolve("other-split.json");
        new DatasetSplit(own.classes(), own.seed(), List.of(), List.of(), chosen).write(splitFile);
        Path reports = dir.resolve("cross");

        Result r = execute(new EvaluateCommand(), "--model", run.toString(), "--data", data.toString(),
                "--split-file", splitFile.toString(), "--out", reports.toString());

        assertEquals(0, r.exit(), r.err());
        EvaluationReport report = EvaluationReport.read(reports.resolve("evaluation.json"));
        assertEquals(chosen.size(), report.windows());
        assertTrue(Files.size(reports.resolve("confusion.png")) > 0);
        assertEquals(before, Files.readString(folder.evaluation()), "the run's own report must be left as it was");
    }

    @Test
    void evaluateWithAMissingSplitFileFailsWithAClearMessage() {
        Result r = execute(new EvaluateCommand(), "--model", run.toString(), "--data", data.toString(),
                "--split-file", dir.resolve("nowhere.json").toString());

        assertEquals(1, r.exit());
        assertTrue(r.err().contains("nowhere.json does not exist"), r.err());
    }

    @Test
    void predictPrintsTheTopKClassesOfARealVideo() {
        Path video = Files.isRegularFile(VTEST) ? VTEST : data.resolve("walking").resolve("walking_000.mp4");
        List<String> labels = RunFolder.open(run).readSpec().labels();

        Result r = execute(new PredictCommand(), "--model", run.toString(), "--video", video.toString(),
                "--top", "3");

        assertEquals(0, r.exit(), r.err());
        List<String> ranked = Arrays.stream(r.out().split("\n")).filter(l -> l.matches("\\d\\. \\S+ [01]\\.\\d{4}"))
                .toList();
        assertEquals(3, ranked.size(), r.out());
        for (int i = 0; i < 3; i++) {
            String[] parts = ranked.get(i).split(" ");
            assertEquals((i + 1) + ".", parts[0]);
            assertTrue(labels.contains(parts[1]), parts[1]);
        }
    }

    @Test
    void predictWithAnOlderRunWithoutSamplingWarnsOnceAndUsesConsecutiveFrames() throws Exception {
        Path older = Files.createDirectories(dir.resolve("older-run"));
        RunFolder from = RunFolder.open(run);
        Files.copy(from.model(), older.resolve("model.zip"));
        new RunFolder(older).writeSpec(from.readSpec().withSampling(null));
        Path video = data.resolve("walking").resolve("walking_000.mp4");

        Result old = execute(new PredictCommand(), "--model", older.toString(), "--video", video.toString(),
                "--no-progress");
        Result now = execute(new PredictCommand(), "--model", run.toString(), "--video", video.toString(),
                "--no-progress");

        assertEquals(0, old.exit(), old.err());
        assertEquals(1, old.err().lines().filter(l -> l.contains("does not say how far apart in time")).count(),
                old.err());
        assertTrue(old.err().contains(older.toString()), "the warning names the model: " + old.err());
        assertTrue(old.out().lines().findFirst().orElseThrow().endsWith("(consecutive)"), old.out());
        assertEquals(0, now.exit(), now.err());
        assertTrue(!now.err().contains("does not say"), now.err());
        assertTrue(now.out().lines().findFirst().orElseThrow().matches(".* \\d\\.\\d{3} s apart \\(\\d+\\.\\d{2} s\\)"),
                now.out());
    }

    @Test
    void predictWritesAnOverlayVideoWithEveryFrame() throws Exception {
        Path video = data.resolve("boxing").resolve("boxing_001.mp4");
        Path overlay = dir.resolve("overlay.mp4");

        Result r = execute(new PredictCommand(), "--model", run.toString(), "--video", video.toString(),
                "--overlay", overlay.toString(), "--smoothing", "2", "--no-progress");

        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("8 frames, 1 window of 4 frames 0.080 s apart"), r.out());
        assertTrue(r.out().contains("wrote " + overlay + ": 8 frames"), r.out());
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(overlay.toFile())) {
            grabber.start();
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            assertEquals(8, frames);
            assertEquals(32, grabber.getImageWidth());
        }
    }

    @Test
    void trainMergesTheInitialRunsOwnClipsRegeneratedWithSlidingWindowsOverTheCapturedOnes() throws Exception {
        // The tiny run's own recipe (TestDatasets: seed 3, 4 clips of 8 frames, 32x32 at 25 fps), as a run records it.
        Files.writeString(run.resolve(BaseTrainingData.FILE), """
                {"synthetic": [{"seed": 3, "videosPerClass": 4, "frames": 8, "width": 32, "height": 32, "fps": 25,
                                "leadIn": 0, "leadInFrames": 0, "actions": []}]}""");
        Path captured = dir.resolve("captured");
        new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(captured, 3, 41, 32, 32, 40, 25,
                SyntheticDatasetWriter.LeadIn.NONE, Action.parseList("boxing,squats"))).write(false);
        Path config = dir.resolve("rate.yaml");
        Files.writeString(config, Files.readString(tinyConfig("rate-base.yaml", 1)).replace("dataset:\n",
                "dataset:\n  sampling: {mode: rate, fps: 25}\n"));
        Path merged = dir.resolve("merged");

        Result r = execute(new TrainCommand(), "--data", captured.toString(), "--config", config.toString(),
                "--init", run.toString(), "--init-layers", "matching", "--merge-base-data", "--window-hop", "4",
                "--out", merged.toString(), "--name", "lrcn-taught-7", "--no-progress");

        assertEquals(0, r.exit(), r.err() + r.out());
        // Balanced: 30 windows per captured label (3 clips of 40 frames, 1 + 36 / 4 each) against 2 per base clip
        // would want 15 clips per action; the recipe has 4.
        assertTrue(r.out().contains("merged 4 clips per action"), r.out());
        ModelSpec spec = new RunFolder(merged).readSpec();
        assertEquals(List.of("boxing", "handclapping", "handwaving", "jogging", "running", "squats", "walking"),
                spec.labels(), "the labels of both");
        assertEquals("lrcn-taught-7", spec.name(), "named on the command line");
        assertEquals(7, Files.list(merged.resolve("data").resolve("boxing")).count(), "3 captured + 4 of the run's");
        assertEquals(3, Files.list(merged.resolve("data").resolve("squats")).count());
        assertArrayEquals(Files.readAllBytes(data.resolve("jogging").resolve("jogging_003.mp4")),
                Files.readAllBytes(merged.resolve("base-data").resolve("r0").resolve("jogging")
                        .resolve("jogging_003.mp4")), "the run's own clip, written again byte for byte");
        assertTrue(r.out().contains("windows train"), r.out());
        assertTrue(Files.readString(merged.resolve("config.yaml")).contains("hop: 4"), "the run records its hop");
        assertEquals(Files.readString(run.resolve("training-data.json")),
                Files.readString(merged.resolve("training-data.json")),
                "the merged run records the recipes it trained on, so a job from it merges them again");
    }

    @Test
    void mergeBaseDataWithoutARecordOrWithoutInitFailsWithAClearMessage() throws Exception {
        Path bare = Files.createDirectories(dir.resolve("bare-run"));
        for (String f : List.of("model.zip", "spec.json", "config.yaml")) {
            Files.copy(run.resolve(f), bare.resolve(f));
        }
        Result noRecord = execute(new TrainCommand(), "--data", data.toString(), "--init", bare.toString(),
                "--merge-base-data", "--out", dir.resolve("never-merged").toString(), "--no-progress");
        assertEquals(1, noRecord.exit());
        assertTrue(noRecord.err().contains("does not record its training data"), noRecord.err());

        Result noInit = execute(new TrainCommand(), "--data", data.toString(), "--merge-base-data", "--out",
                dir.resolve("never-merged2").toString());
        assertEquals(2, noInit.exit());
        assertTrue(noInit.err().contains("give --init RUN"), noInit.err());

        Result evenHop = execute(new TrainCommand(), "--data", data.toString(), "--window-hop", "2", "--out",
                dir.resolve("never-hop").toString());
        assertEquals(2, evenHop.exit());
        assertTrue(evenHop.err().contains("sliding windows need rate sampling"), evenHop.err());
    }

    @Test
    void trainWithAMissingDataFolderFailsWithAClearMessage() {
        Result r = execute(new TrainCommand(), "--data", dir.resolve("no-such-folder").toString(), "--out",
                dir.resolve("never").toString());

        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--data") && r.err().contains("does not exist"), r.err());
        assertTrue(Files.notExists(dir.resolve("never")));
    }

    @Test
    void predictWithACorruptModelFailsWithAClearMessage() throws Exception {
        Path broken = Files.createDirectories(dir.resolve("broken"));
        Files.copy(run.resolve("spec.json"), broken.resolve("spec.json"));
        Files.writeString(broken.resolve("model.zip"), "this is not a zip");

        Result r = execute(new PredictCommand(), "--model", broken.toString(), "--video",
                data.resolve("boxing").resolve("boxing_000.mp4").toString());

        assertEquals(1, r.exit());
        assertTrue(r.err().contains("model.zip is not a readable DL4J model"), r.err());
    }

    @Test
    void predictOnAFileThatIsNotAVideoFailsWithAClearMessage() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video");

        Result r = execute(new PredictCommand(), "--model", run.toString(), "--video", text.toString());

        assertEquals(1, r.exit());
        assertTrue(r.err().contains("notes.mp4") && r.err().contains("not a readable video"), r.err());
    }
}
