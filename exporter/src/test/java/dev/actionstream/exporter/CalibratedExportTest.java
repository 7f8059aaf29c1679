package dev.actionstream.exporter;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelFiles;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.OnnxContract;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.exporter.parity.OrtModel;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import dev.actionstream.trainer.calibration.FeatureStatistics;
import dev.actionstream.trainer.calibration.PenultimateFeatures;
import dev.actionstream.trainer.calibration.StatisticsFile;
import dev.actionstream.trainer.dataset.PreparedDataset;
import dev.actionstream.trainer.train.RunFolder;
import dev.actionstream.trainer.train.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real tiny run (synthetic clips, trained in seconds, calibrated at the end of train) exported with its split form:
 * the calibration survives into the files, ONNX Runtime's {@code ood_score} is DL4J's Mahalanobis distance, and
 * a test pattern made by FFmpeg scores above the threshold while the run's own held-out clips mostly do not.
 */
class CalibratedExportTest {

    @TempDir
    Path dir;

    @Test
    void scoreAndThresholdSurviveExportAndATestPatternIsUnknown() throws Exception {
        Tools.require(Tool.FFMPEG);
        Path data = dir.resolve("data");
        new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(data, 10, 3, 32, 32, 8, 25)).write(false);
        DatasetConfig d = new DatasetConfig(4, 16, 16, ChannelOrder.BGR, 0.5, 0.25, 0.25, 27L,
                dir.resolve("cache").toString(), null);
        TrainingConfig config = new TrainingConfig(Architecture.LRCN, d, 8, 4, 1e-2, 5L, 0, false,
                new ConvLstmConfig(List.of(2, 2), 3, 0.2), new LrcnConfig(List.of(4, 8), List.of(2, 2), 0.0, 8));
        RunFolder run = new RunFolder(dir.resolve("run"));
        StringWriter trainLog = new StringWriter();
        new TrainingRun(config, new PrintWriter(trainLog), false).train(data, run);
        System.out.print(trainLog);
        ModelSpec spec = run.readSpec();
        ModelSpec.Calibration calibration = spec.calibration();
        assertNotNull(calibration, "train writes the calibration into spec.json");
        assertTrue(Files.isRegularFile(run.featureStatistics()));
        assertTrue(Files.isRegularFile(run.reliabilityPlot()));
        assertTrue(Files.readString(run.evaluation()).contains("\"eceAfter\""));
        assertTrue(Files.readString(run.summary()).contains("calibration: temperature"));

        Path model = dir.resolve("models/tiny.onnx");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ExportCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("--model", run.root().toString(), "--out", model.toString(), "--split-form");
        System.out.print(out);
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("ood_score max rel diff"), out.toString());

        PreparedDataset.Part test = PreparedDataset.loadPart(data, d, run.split(), "test", false);
        List<float[]> known = new ArrayList<>();
        for (int i = 0; i < test.windows().size(); i++) {
            known.add(test.windows().window(i));
        }
        FeatureStatistics statistics = StatisticsFile.read(run.featureStatistics());
        double[] expected = statistics.distances(
                PenultimateFeatures.of(run.loadModel(), spec, known, 8).features());
        List<float[]> pattern = VideoWindows.sample(testPattern(dir.resolve("testsrc.mp4")), spec, 1, 8);
        try (OrtModel full = new OrtModel(model);
             OrtModel head = new OrtModel(ModelFiles.headBeside(model))) {
            for (OrtModel m : List.of(full, head)) {
                assertEquals(calibration, ModelSpec.fromJson(m.customMetadata().get(ModelSpec.METADATA_KEY))
                        .calibration());
                assertTrue(m.outputNames().contains(OnnxContract.OOD_SCORE), m.outputNames().toString());
            }
            float[] knownScores = full.runVector(OnnxContract.FRAMES, concat(known), OnnxContract.OOD_SCORE,
                    spec.windowShape(known.size()));
            int flagged = 0;
            for (int i = 0; i < knownScores.length; i++) {
                assertEquals(expected[i], knownScores[i], 1e-4 * Math.max(1, expected[i]), "window " + i);
                flagged += knownScores[i] > calibration.oodThreshold() ? 1 : 0;
            }
            float[] patternScores = full.runVector(OnnxContract.FRAMES, concat(pattern), OnnxContract.OOD_SCORE,
                    spec.windowShape(pattern.size()));
            System.out.printf("threshold %.3f; held-out known %d of %d above; testsrc scores %s%n",
                    calibration.oodThreshold(), flagged, knownScores.length, java.util.Arrays.toString(patternScores));
            assertTrue(flagged <= knownScores.length / 4, flagged + " of " + knownScores.length + " known flagged");
            for (float s : patternScores) {
                assertTrue(s > calibration.oodThreshold(), "testsrc window scores " + s + ", threshold "
                        + calibration.oodThreshold());
            }
        }
    }

    private static Path testPattern(Path file) throws Exception {
        Process p = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=160x120:rate=25", "-t", "1", "-pix_fmt", "yuv420p", file.toString())
                .inheritIO().start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg failed");
        return file;
    }

    private static float[] concat(List<float[]> windows) {
        int size = windows.get(0).length;
        float[] all = new float[windows.size() * size];
        for (int i = 0; i < windows.size(); i++) {
            System.arraycopy(windows.get(i), 0, all, i * size, size);
        }
        return all;
    }
}
