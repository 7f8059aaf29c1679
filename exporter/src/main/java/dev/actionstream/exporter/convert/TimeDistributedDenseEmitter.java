package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/** An RnnOutputLayer: the same dense layer at every time step, as {@code MatMul} + {@code Add} over the sequence. */
final class TimeDistributedDenseEmitter implements LayerEmitter {

    @Override
    public Flow emit(OnnxGraph g, SourceLayer layer, Flow f) {
        if (f.layout() != Layout.SEQUENCE) {
            throw layer.unsupported("RnnOutputLayer needs sequence input, receives " + f.layout());
        }
        INDArray w = layer.param("W");
        layer.checkSize(f, w.size(0), layer.conf());
        String h = layer.hint();
        String y = g.node("MatMul", h + "_matmul", List.of(f.tensor(), g.constant(h + "_W", NetworkConverter.floats(w), w.shape())));
        y = g.node("Add", h + "_bias", List.of(y, g.constant(h + "_b", NetworkConverter.floats(layer.param("b")), w.size(1))));
        return new Flow(layer.activation(g, ((RnnOutputLayer) layer.conf()).getActivationFn(), y), Layout.SEQUENCE,
                new long[] {w.size(1)});
    }
}
