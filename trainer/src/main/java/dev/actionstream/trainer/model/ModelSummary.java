package dev.actionstream.trainer.model;

import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code summary.txt}: every layer with its type, output shape (measured by a forward pass of one blank window, so
 * it is what the network really produces) and parameter count, then DL4J's own summary.
 *
 * <p>DL4J's {@code summary(InputType)} cannot be used: it fails on {@code LastTimeStep} (it asks the wrapped LSTM
 * for its output type and hands a recurrent type to the dense layer).
 */
public final class ModelSummary {

    private ModelSummary() {
    }

    public static String of(MultiLayerNetwork net, ModelSpec spec) {
        INDArray input = NetworkInput.of(spec.architecture(), List.of(new float[spec.windowSize()]), spec);
        List<INDArray> activations = net.feedForward(input, false);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s %s (%s): input %s%n%n", spec.name(), spec.version(),
                spec.architecture().id(), Arrays.toString(input.shape())));
        out.append(String.format(Locale.ROOT, "%-4s %-14s %-20s %-24s %12s%n", "#", "name", "type", "output shape",
                "parameters"));
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String type = conf instanceof org.deeplearning4j.nn.conf.layers.wrapper.BaseWrapperLayer w
                    ? conf.getClass().getSimpleName() + "(" + w.getUnderlying().getClass().getSimpleName() + ")"
                    : conf.getClass().getSimpleName();
            long[] shape = activations.get(i + 1).shape().clone();
            shape[0] = -1;
            out.append(String.format(Locale.ROOT, "%-4d %-14s %-20s %-24s %,12d%n", i, conf.getLayerName(), type,
                    Arrays.toString(shape), layer.numParams()));
        }
        out.append(String.format(Locale.ROOT, "%nTotal parameters: %,d%n%n", net.numParams()));
        out.append(net.summary());
        return out.toString();
    }
}
