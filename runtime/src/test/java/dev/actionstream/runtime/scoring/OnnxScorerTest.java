package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OrtEnvironment;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelLoader;
import dev.actionstream.runtime.models.SessionFactory;
import dev.actionstream.runtime.fixtures.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.ref.WeakReference;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnnxScorerTest {

    /** The shipped ConvLSTM: a real recurrent model, the kind parallel runs are for. */
    private static final Path CONVLSTM = Path.of("../examples/models/convlstm-synthetic.onnx");

    @Test
    void aBatchSplitIntoParallelRunsScoresEveryWindowAsAWholeBatchDoes() throws Exception {
        assertTrue(Files.isRegularFile(CONVLSTM), CONVLSTM.toAbsolutePath() + " missing");
        int batch = 5;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        RuntimeConfig.Scoring cpu = new RuntimeConfig.Scoring("cpu", 1, 1, 3, batch, 0);
        try (LoadedModel model = new ModelLoader(new SessionFactory(env, cpu)).load(CONVLSTM);
             OnnxScorer whole = new OnnxScorer(env, batch, 1);
             OnnxScorer parts = new OnnxScorer(env, batch, 3)) {
            assertEquals(3, parts.parallelRuns());
            int window = model.windowSize();
            int classes = model.spec().numClasses();
            SplittableRandom random = new SplittableRandom(5);
            float[] windows = new float[batch * window];
            for (int i = 0; i < windows.length; i++) {
                windows[i] = (float) random.nextDouble();
            }
            // Every batch size: 1 runs whole, 2 in two parts, 4 and 5 in three parts of unequal size.
            for (int n = 1; n <= batch; n++) {
                whole.input(model).put(0, windows, 0, n * window);
                parts.input(model).put(0, windows, 0, n * window);
                FloatBuffer expected = whole.run(model, n);
                FloatBuffer got = parts.run(model, n);
                for (int i = 0; i < n * classes; i++) {
                    assertEquals(expected.get(i), got.get(i), 1e-6, "batch " + n + ", window " + i / classes);
                }
            }
            // The windows' probabilities differ, so the comparison above could fail.
            whole.input(model).put(0, windows, 0, 2 * window);
            FloatBuffer two = whole.run(model, 2);
            double differ = 0;
            for (int c = 0; c < classes; c++) {
                differ = Math.max(differ, Math.abs(two.get(c) - two.get(classes + c)));
            }
            assertTrue(differ > 1e-3, "two random windows scored alike: " + differ);
        }
    }

    @Test
    void batchBuffersSizedForALargeModelAreReleasedWhenASmallerOneServes(@TempDir Path dir) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        RuntimeConfig.Scoring cpu = new RuntimeConfig.Scoring("cpu", 1, 1, 1, 4, 0);
        ModelLoader loader = new ModelLoader(new SessionFactory(env, cpu));
        try (LoadedModel big = loader.load(TestModels.colour(dir.resolve("big.onnx"), "big", "1", 8, 256, 256));
             LoadedModel small = loader.load(TestModels.colour(dir.resolve("small.onnx"), "small", "1", 4, 8, 8));
             OnnxScorer scorer = new OnnxScorer(env, 4, 1)) {
            WeakReference<FloatBuffer> bigInput = new WeakReference<>(scorer.input(big));
            assertEquals(4 * big.windowSize(), bigInput.get().capacity());
            scorer.run(big, 1);
            FloatBuffer smallInput = scorer.input(small);
            assertEquals(4 * small.windowSize(), smallInput.capacity(), "the input shrank to the small model's batch");
            scorer.run(small, 1);
            for (int i = 0; i < 50 && bigInput.get() != null; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertNull(bigInput.get(), "the scorer still holds the large model's batch buffer");
        }
    }
}
