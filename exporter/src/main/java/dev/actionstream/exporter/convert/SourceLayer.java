package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Locale;

/**
 * The trained DL4J layer a {@link LayerEmitter} mirrors: its position, configuration and parameters, and the window
 * length the graph is unrolled for. Failures name the layer by index, class and name.
 */
record SourceLayer(int index, Layer conf, org.deeplearning4j.nn.api.Layer trained, long frames) {

    INDArray param(String key) {
        INDArray p = trained.getParam(key);
        if (p == null) {
            throw unsupported("has no parameter '" + key + "'");
        }
        return p;
    }

    UnsupportedLayerException unsupported(String problem) {
        return new UnsupportedLayerException(index, conf, conf.getLayerName(), problem);
    }

    /** Prefix of this layer's node and constant names, after the class of {@code layer} (a wrapped one's, if so). */
    String hint(Object layer) {
        return "l" + index + "_" + layer.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    String hint() {
        return hint(conf);
    }

    /** Applies {@code fn} to {@code input}; returns the output tensor. */
    String activation(OnnxGraph g, IActivation fn, String input) {
        try {
            return Activations.apply(g, fn, input, "l" + index);
        } catch (IllegalArgumentException e) {
            throw unsupported(e.getMessage());
        }
    }

    void checkSize(Flow f, long expected, Object what) {
        if (f.size() != expected) {
            throw unsupported(what.getClass().getSimpleName() + " expects " + expected + " values per item, receives "
                    + f.size() + " " + Arrays.toString(f.dims()));
        }
    }
}
