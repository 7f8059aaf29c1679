package dev.actionstream.trainer.calibration;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.model.NetworkInput;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * Per window, the input of the network's output layer (the LRCN's last LSTM hidden state, the ConvLSTM's flattened
 * last features) and the logits the output layer computes from it, in double. Both come from DL4J's own forward pass
 * up to the output layer; the logits are {@code features · W + b} with the output layer's parameters, which is what
 * that layer feeds its softmax.
 *
 * <p>The forward pass runs on the network's {@link #trunk}, not {@code feedForwardToLayer}: that keeps a copy of every
 * layer's activations, the per-frame convolutions' included, and took twice as long (measured: 6.4 s against 3.1 s
 * for 480 windows of the shipped LRCN) — a minute of every training job's calibration.
 */
public record PenultimateFeatures(double[][] features, double[][] logits) {

    public int size() {
        return features.length;
    }

    public int dimension() {
        return features.length == 0 ? 0 : features[0].length;
    }

    public static PenultimateFeatures of(MultiLayerNetwork net, ModelSpec spec, List<float[]> windows, int batchSize) {
        int last = net.getnLayers() - 1;
        INDArray w = net.getLayer(last).getParam("W").castTo(DataType.DOUBLE);
        INDArray b = net.getLayer(last).getParam("b").castTo(DataType.DOUBLE);
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(last);
        MultiLayerNetwork trunk = trunk(net);
        List<double[]> features = new ArrayList<>(windows.size());
        List<double[]> logits = new ArrayList<>(windows.size());
        for (int from = 0; from < windows.size(); from += batchSize) {
            List<float[]> batch = windows.subList(from, Math.min(windows.size(), from + batchSize));
            INDArray input = NetworkInput.of(spec.architecture(), batch, spec);
            INDArray f = trunk.output(input, false);
            if (pre != null) {
                f = pre.preProcess(f, batch.size(), LayerWorkspaceMgr.noWorkspaces());
            }
            if (f.rank() != 2) {
                throw new IllegalArgumentException("the output layer's input has shape " + java.util.Arrays.toString(
                        f.shape()) + "; calibration needs one flat feature vector per window");
            }
            INDArray fd = f.castTo(DataType.DOUBLE);
            INDArray z = fd.mmul(w).addiRowVector(b);
            for (double[] row : fd.toDoubleMatrix()) {
                features.add(row);
            }
            for (double[] row : z.toDoubleMatrix()) {
                logits.add(row);
            }
        }
        return new PenultimateFeatures(features.toArray(double[][]::new), logits.toArray(double[][]::new));
    }

    /**
     * {@code net} without its output layer, on a view of {@code net}'s own parameters (layers keep theirs in order, so
     * the trunk's are the leading ones): no copy, and its output is exactly what the output layer receives, before
     * that layer's input preprocessor.
     */
    static MultiLayerNetwork trunk(MultiLayerNetwork net) {
        int last = net.getnLayers() - 1;
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations().clone();
        conf.getConfs().remove(last);
        conf.getInputPreProcessors().remove(last);
        long kept = net.numParams() - net.getLayer(last).numParams();
        MultiLayerNetwork trunk = new MultiLayerNetwork(conf);
        trunk.init(net.params().get(NDArrayIndex.interval(0, kept)), false);
        return trunk;
    }
}
