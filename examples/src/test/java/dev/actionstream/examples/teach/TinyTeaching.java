package dev.actionstream.examples.teach;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.runtime.jobs.JobSettings;
import dev.actionstream.runtime.jobs.TrainerCommands;
import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import dev.actionstream.trainer.train.RunFolder;
import dev.actionstream.trainer.train.TrainingRun;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiny, real material for job tests: synthetic clips in label folders, a base run trained in-process on a tiny LRCN
 * (4 frames of 16×16), and the commands that start the real trainer and exporter as processes from the test's own
 * classpath, with a small heap.
 */
final class TinyTeaching {

    static final Path LIVE_MODEL = Path.of("models", "lrcn-synthetic-live.onnx");

    private TinyTeaching() {
    }

    /** {@code clips} synthetic clips of each action, in {@code dir/<action>/}. */
    static Path dataset(Path dir, int clips, long seed, Action... actions) throws IOException {
        new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(dir, clips, seed, 64, 48, 12, 25,
                SyntheticDatasetWriter.LeadIn.NONE, Action.selection(List.of(actions)))).write(false);
        return dir;
    }

    /** A tiny LRCN run on {@code data}, trained here (the base a job starts from). */
    static Path baseRun(Path data, Path out) throws IOException {
        DatasetConfig g = DatasetConfig.defaults().withGeometry(4, 16, 16);
        g = new DatasetConfig(g.framesPerWindow(), g.frameHeight(), g.frameWidth(), g.channelOrder(),
                g.trainFraction(), g.validationFraction(), g.testFraction(), g.splitSeed(), "",
                g.normalisation());
        TrainingConfig tiny = new TrainingConfig(Architecture.LRCN, g, 1, 4, 1e-2, 3L, 0, false,
                new ConvLstmConfig(List.of(2), 3, 0.0), new LrcnConfig(List.of(4), List.of(2), 0.0, 4));
        new TrainingRun(tiny, new PrintWriter(System.out, true), false).train(data, new RunFolder(out));
        return out;
    }

    /** The real trainer and exporter, each its own JVM on this test's classpath. */
    static TrainerCommands commands() {
        return commands("768m");
    }

    /** With the given heap per process (the shipped model's run needs more than a tiny one). */
    static TrainerCommands commands(String heap) {
        return new TrainerCommands(java(heap, "dev.actionstream.trainer.cli.TrainerCli", "train"),
                java(heap, "dev.actionstream.exporter.ExportCommand"), TrainerCommands.niceOnPath());
    }

    static List<String> java(String heap, String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static JobSettings settings(Path jobs, Path datasets, TrainerCommands commands) {
        return JobSettings.defaults(jobs, datasets, List.of(), commands);
    }

    /** The runtime on the synthetic live source at a low rate, events and API on a free port, no live view. */
    static RuntimeConfig serving(Path dir) {
        RuntimeConfig d = RuntimeConfig.defaults();
        RuntimeConfig c = d.withStreams(List.of(new RuntimeConfig.Stream("cam", "synthetic:160x120@10", 1, false,
                        true)))
                .withModels(new RuntimeConfig.Models(dir.resolve("models").toString(), false));
        return new RuntimeConfig(c.server().withPort(0), c.streams(), c.pipeline(), c.scoring(), c.events(),
                c.models(), c.capture());
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
