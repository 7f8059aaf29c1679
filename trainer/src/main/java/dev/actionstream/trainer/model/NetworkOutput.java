package dev.actionstream.trainer.model;

import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Reads class probabilities out of a network's output: {@code float[N][classes]}. A 2-D output is already per
 * window; a 3-D recurrent output {@code [N, classes, T]} is read at its last time step.
 */
public final class NetworkOutput {

    private NetworkOutput() {
    }

    public static float[][] probabilities(INDArray output) {
        INDArray last = switch (output.rank()) {
            case 2 -> output;
            case 3 -> output.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(output.size(2) - 1));
            default -> throw new IllegalArgumentException("expected a [N, classes] or [N, classes, T] output, got "
                    + java.util.Arrays.toString(output.shape()));
        };
        return last.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).toFloatMatrix();
    }

    /** Runs {@code net} in inference mode on {@code windows} ({@code [T][C][H][W]} each). */
    public static float[][] predict(MultiLayerNetwork net, ModelSpec spec, List<float[]> windows) {
        INDArray input = NetworkInput.of(spec.architecture(), windows, spec);
        return probabilities(net.output(input, false));
    }

    /** Index of the largest value (the first on ties). */
    public static int argMax(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }
}
