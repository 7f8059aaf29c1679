package dev.actionstream.examples;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.synth.Action;
import dev.actionstream.synth.video.SyntheticDatasetWriter;
import dev.actionstream.trainer.predict.VideoClassifier;
import dev.actionstream.trainer.train.RunFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Train/serve parity with the shipped models: for a synthetic clip of a known action, the runtime's label (ONNX
 * Runtime on frames grabbed from the file) equals the trainer's {@code predict} (DL4J on the same frames decoded by the
 * dataset reader), with the same probabilities: the network's softmax at the calibration temperature the exported file
 * applies ({@code softmax(logits / T)}, in the graph), which the run folder's DL4J network does not.
 */
class TrainServeParityTest {

    private static final Path MODELS = Path.of("models");

    @TempDir
    Path dir;

    @Test
    void runtimeLabelsEqualTrainerPredictionsForLrcn() throws Exception {
        assertParity("lrcn-synthetic");
    }

    @Test
    void runtimeLabelsEqualTrainerPredictionsForTheLiveLrcn() throws Exception {
        assertParity("lrcn-synthetic-live");
    }

    @Test
    void runtimeLabelsEqualTrainerPredictionsForConvLstm() throws Exception {
        assertParity("convlstm-synthetic");
    }

    private void assertParity(String name) throws Exception {
        RunFolder run = RunFolder.open(MODELS.resolve("runs").resolve(name));
        ModelSpec spec = run.readSpec();
        MultiLayerNetwork net = run.loadModel();
        VideoClassifier trainer = new VideoClassifier(net, spec);
        // Clips of exactly T frames: the trainer's evenly spaced frames are then every frame, which is the runtime's
        // first window.
        SyntheticDatasetWriter writer = new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(
                dir.resolve(name), 1, 99, 160, 120, spec.framesPerWindow(), 25));
        writer.write(false);
        int agreeWithTruth = 0;
        double temperature = exportedTemperature(name);
        for (Action action : Action.all()) {
            Path clip = writer.videoPath(action, 0);
            float[] expected = atTemperature(trainer.probabilities(clip), temperature);
            LabelEvent served = serveFirstWindow(clip, name);
            int top = argMax(expected);
            assertEquals(spec.labels().get(top), served.label(), action + ": trainer and runtime disagree");
            assertEquals(expected[top], served.confidence(), 1e-4, action + ": probability of the top label");
            assertEquals(0, served.windowStartFrame());
            agreeWithTruth += served.label().equals(action.id()) ? 1 : 0;
        }
        System.out.printf("%s: runtime == trainer on all %d clips; %d of them also name the true action%n", name,
                Action.all().size(), agreeWithTruth);
    }

    private LabelEvent serveFirstWindow(Path clip, String name) throws Exception {
        RuntimeConfig d = RuntimeConfig.defaults();
        RuntimeConfig config = d
                .withStreams(List.of(new RuntimeConfig.Stream("clip", clip.toString(), 1, false, false)))
                .withModels(new RuntimeConfig.Models(dir.resolve("models-" + name).toString(), false));
        // One window, no smoothing across windows, no threshold: the event carries the model's own probabilities.
        config = new RuntimeConfig(config.server(), config.streams(), config.pipeline(), config.scoring(),
                RuntimeConfig.Events.unfiltered(3, 0.0), config.models());
        List<LabelEvent> events = new ArrayList<>();
        try (Pipeline pipeline = new Pipeline(config, MODELS.resolve(name + ".onnx"))) {
            pipeline.start(e -> {
                synchronized (events) {
                    events.add(e);
                }
            });
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                synchronized (events) {
                    if (!events.isEmpty()) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
        }
        synchronized (events) {
            assertTrue(!events.isEmpty(), "runtime published no event for " + clip);
            return events.get(0);
        }
    }

    /** The temperature the shipped file's graph applies to its probabilities (1 when it has no calibration). */
    private double exportedTemperature(String name) throws Exception {
        RuntimeConfig config = RuntimeConfig.defaults()
                .withModels(new RuntimeConfig.Models(dir.resolve("spec-" + name).toString(), false));
        try (Pipeline pipeline = new Pipeline(config, MODELS.resolve(name + ".onnx"))) {
            ModelSpec.Calibration c = pipeline.registry().active().spec().calibration();
            return c == null || !c.temperatureInGraph() ? 1.0 : c.temperature();
        }
    }

    /** {@code softmax(log p / t)}: the same network's softmax at temperature {@code t}. */
    private static float[] atTemperature(float[] p, double t) {
        double[] q = new double[p.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            q[i] = Math.pow(p[i], 1 / t);
            sum += q[i];
        }
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) (q[i] / sum);
        }
        return out;
    }

    private static int argMax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
