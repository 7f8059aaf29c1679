package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/** A dense (or output) layer on flat input as ONNX {@code Gemm} plus its activation. */
final class DenseEmitter implements LayerEmitter {

    @Override
    public Flow emit(OnnxGraph g, SourceLayer layer, Flow f) {
        if (f.layout() != Layout.FLAT) {
            throw layer.unsupported("dense layer needs flat input, receives " + f.layout());
        }
        INDArray w = layer.param("W");
        layer.checkSize(f, w.size(0), layer.conf());
        String h = layer.hint();
        String y = g.node("Gemm", h, List.of(f.tensor(), g.constant(h + "_W", NetworkConverter.floats(w), w.shape()),
                g.constant(h + "_b", NetworkConverter.floats(layer.param("b")), w.size(1))));
        return new Flow(layer.activation(g, ((FeedForwardLayer) layer.conf()).getActivationFn(), y), Layout.FLAT,
                new long[] {w.size(1)});
    }
}
