package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static dev.actionstream.exporter.onnx.OnnxGraph.attr;

/** DL4J's LSTM as one ONNX {@code LSTM} node: the whole sequence out, or (under LastTimeStep) only the last step. */
final class LstmEmitter implements LayerEmitter {

    @Override
    public Flow emit(OnnxGraph g, SourceLayer layer, Flow f) {
        return emit(g, layer, (LSTM) layer.conf(), f, false);
    }

    /** {@code conf} is the LSTM itself, which is not {@code layer.conf()} when a wrapper holds it. */
    Flow emit(OnnxGraph g, SourceLayer layer, LSTM conf, Flow f, boolean lastStepOnly) {
        if (f.layout() != Layout.SEQUENCE) {
            throw layer.unsupported("LSTM needs sequence input, receives " + f.layout());
        }
        String gate = Activations.rnnName(conf.getGateActivationFn());
        String act = Activations.rnnName(conf.getActivationFn());
        if (gate == null || act == null) {
            throw layer.unsupported("LSTM activations " + conf.getGateActivationFn() + "/" + conf.getActivationFn()
                    + " have no ONNX LSTM equivalent");
        }
        INDArray w = layer.param("W");
        INDArray rw = layer.param("RW");
        INDArray b = layer.param("b");
        layer.checkSize(f, w.size(0), conf);
        LstmWeights onnx = LstmWeights.fromDl4j(w, rw, b);
        String h = layer.hint(conf);
        List<String> outs = g.nodeWithOutputs("LSTM", h, List.of(f.tensor(),
                        g.constant(h + "_W", onnx.w(), 1, 4 * onnx.hidden(), onnx.inputs()),
                        g.constant(h + "_R", onnx.r(), 1, 4 * onnx.hidden(), onnx.hidden()),
                        g.constant(h + "_B", onnx.b(), 1, 8 * onnx.hidden())), 2,
                attr("hidden_size", (long) onnx.hidden()), OnnxGraph.strings("activations", gate, act, act));
        if (lastStepOnly) {
            String last = g.node("Squeeze", h + "_last", List.of(outs.get(1), g.longs(h + "_axes", 0)));
            return new Flow(last, Layout.FLAT, new long[] {onnx.hidden()});
        }
        String seq = g.node("Squeeze", h + "_seq", List.of(outs.get(0), g.longs(h + "_axes", 1)));
        return new Flow(seq, Layout.SEQUENCE, new long[] {onnx.hidden()});
    }
}
