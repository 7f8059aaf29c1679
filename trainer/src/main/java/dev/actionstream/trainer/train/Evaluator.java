package dev.actionstream.trainer.train;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.dataset.WindowSet;
import dev.actionstream.trainer.model.NetworkOutput;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Runs a network over a {@link WindowSet} in inference mode, in minibatches, and scores it. */
public final class Evaluator {

    /** Probabilities below this are clipped before the log, as Keras does, so one confident miss stays finite. */
    static final double LOG_FLOOR = 1e-7;

    private final ModelSpec spec;
    private final int batchSize;
    private final NativeMemoryGuard memory;

    public Evaluator(ModelSpec spec, int batchSize) {
        this(spec, batchSize, NativeMemoryGuard.forThisMachine());
    }

    /** @param memory checked after every batch */
    public Evaluator(ModelSpec spec, int batchSize, NativeMemoryGuard memory) {
        this.spec = spec;
        this.memory = Objects.requireNonNull(memory, "memory");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    public EvaluationReport evaluate(MultiLayerNetwork net, WindowSet windows, String split) {
        int classes = spec.numClasses();
        int[][] confusion = new int[classes][classes];
        double lossSum = 0;
        for (int start = 0; start < windows.size(); start += batchSize) {
            int end = Math.min(windows.size(), start + batchSize);
            List<float[]> batch = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                batch.add(windows.window(i));
            }
            float[][] probabilities = NetworkOutput.predict(net, spec, batch);
            for (int i = start; i < end; i++) {
                float[] p = probabilities[i - start];
                int label = windows.label(i);
                confusion[label][NetworkOutput.argMax(p)]++;
                lossSum += crossEntropy(p, label);
            }
            memory.afterBatch();
        }
        return EvaluationReport.of(split, spec.labels(), confusion, lossSum);
    }

    static double crossEntropy(float[] probabilities, int label) {
        return -Math.log(Math.max(probabilities[label], LOG_FLOOR));
    }
}
