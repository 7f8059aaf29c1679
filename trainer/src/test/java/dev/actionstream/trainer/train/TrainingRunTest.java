package dev.actionstream.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.Json;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.SamplingMode;
import dev.actionstream.config.WindowSampling;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.dataset.PreparedDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingRunTest {

    @TempDir
    Path dir;

    @Test
    void trainingOnRealVideosWritesEveryReportFile() throws Exception {
        Path data = TestDatasets.write(dir.resolve("synthetic"));
        TrainingConfig cfg = TestDatasets.tinyConfig(Architecture.CONVLSTM, dir.resolve("cache"), 3);
        RunFolder run = new RunFolder(dir.resolve("run"));
        StringWriter log = new StringWriter();

        TrainingRun.Outcome outcome = new TrainingRun(cfg, new PrintWriter(log), false).train(data, run);

        List<String> labels = List.of("boxing", "handclapping", "handwaving", "jogging", "running", "walking");
        ModelSpec spec = run.readSpec();
        assertEquals(labels, spec.labels());
        assertEquals("convlstm-synthetic", spec.name());
        assertEquals(Architecture.CONVLSTM, spec.architecture());
        assertEquals(4, spec.framesPerWindow());
        assertEquals(16, spec.frameHeight());
        // 4 frames spread evenly over 8-frame clips at 25 fps: every 2nd frame, 0.08 s apart.
        assertEquals(new WindowSampling(SamplingMode.EVEN, 0.08, 0.08, 0.08), spec.sampling());
        assertTrue(log.toString().contains("sampling: even, 0.080 s between frames"), log.toString());
        // Relative to the run folder: no absolute path of this machine in the spec, and it still finds the data.
        assertEquals("../synthetic", spec.trainingData());
        assertEquals(data.toAbsolutePath().normalize(), run.trainingData(spec));
        assertEquals(cfg, ConfigLoader.load(run.config(), TrainingConfig.class, TrainingConfig.defaults()));
        assertTrue(Files.size(run.split()) > 0);
        assertEquals(outcome.training().epochs().size(), MetricsCsv.read(run.metrics()).size());
        assertEquals(outcome.spec().numClasses(), run.loadModel().getOutputLayer().getParam("b").length());

        List<EpochMetrics> rows = MetricsCsv.read(run.metrics());
        assertEquals(3, rows.size());
        assertTrue(rows.get(2).loss() < rows.get(0).loss(), "loss should fall: " + rows);
        assertTrue(rows.stream().allMatch(r -> r.valLoss() > 0 && r.learningRate() == 1e-2 && r.seconds() > 0));

        JsonNode evaluation = Json.MAPPER.readTree(Files.readString(run.evaluation()));
        assertEquals("test", evaluation.get("split").asText());
        assertEquals(6, evaluation.get("windows").asInt());
        assertEquals(6, evaluation.get("perClass").size());
        assertEquals(labels.get(0), evaluation.get("perClass").get(0).get("label").asText());
        assertTrue(evaluation.get("macro").has("f1"));
        int total = 0;
        for (JsonNode row : evaluation.get("confusion").get("matrix")) {
            for (JsonNode cell : row) {
                total += cell.asInt();
            }
        }
        assertEquals(6, total);
        assertEquals(outcome.evaluation(), EvaluationReport.read(run.evaluation()));

        for (Path png : List.of(run.lossPlot(), run.accuracyPlot(), run.confusionPlot())) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertNotNull(image, png + " should decode");
            assertTrue(image.getWidth() >= 400, png.toString());
        }
        String summary = Files.readString(run.summary());
        assertTrue(summary.contains("ConvLstm2D") && summary.contains("Total Parameters"), summary);
        assertTrue(log.toString().contains("test accuracy"), log.toString());
    }

    @Test
    void configuredNormalisationIsAppliedAndTravelsInTheSpec() throws Exception {
        Path data = TestDatasets.write(dir.resolve("synthetic"));
        TrainingConfig tiny = TestDatasets.tinyConfig(Architecture.LRCN, dir.resolve("cache"), 1);
        Normalisation centred = new Normalisation(new float[] {0.5f}, new float[] {0.25f});
        DatasetConfig d = tiny.dataset();
        TrainingConfig cfg = new TrainingConfig(tiny.architecture(), new DatasetConfig(d.framesPerWindow(),
                d.frameHeight(), d.frameWidth(), d.channelOrder(), d.trainFraction(), d.validationFraction(),
                d.testFraction(), d.splitSeed(), d.cacheDir(), centred), 1, tiny.batchSize(), tiny.learningRate(),
                tiny.seed(), tiny.patience(), true, tiny.network(ConvLstmConfig.class), tiny.network(LrcnConfig.class));
        RunFolder run = new RunFolder(dir.resolve("centred"));

        new TrainingRun(cfg, new PrintWriter(new StringWriter()), false).train(data, run);

        assertEquals(centred, run.readSpec().normalisation());
        TrainingConfig saved = ConfigLoader.load(run.config(), TrainingConfig.class, TrainingConfig.defaults());
        assertEquals(cfg, saved);
        assertTrue(saved.mirror());
        float[] window = PreparedDataset.load(data, cfg.dataset(), run.split()).train().window(0);
        float min = Float.MAX_VALUE;
        for (float v : window) {
            min = Math.min(min, v);
        }
        assertTrue(min < 0, "centred values go below zero, smallest was " + min);
    }
}
