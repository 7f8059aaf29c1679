package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;

import java.util.List;

import static dev.actionstream.exporter.onnx.OnnxGraph.ints;

/** ONNX {@code MaxPool} over each image of a flow: what 2-D pooling and within-frame 3-D pooling both come down to. */
final class MaxPooling {

    private MaxPooling() {
    }

    static Flow emit(OnnxGraph g, SourceLayer layer, PoolingType type, ConvolutionMode mode, int[] k, int[] s,
                     int[] pad, Flow f) {
        if (type != PoolingType.MAX) {
            throw layer.unsupported("only max pooling is supported, found " + type);
        }
        AxisWindow wh = AxisWindow.of(layer, mode, f.height(), k[0], s[0], 1, pad[0]);
        AxisWindow ww = AxisWindow.of(layer, mode, f.width(), k[1], s[1], 1, pad[1]);
        String y = g.node("MaxPool", layer.hint(), List.of(f.tensor()), ints("kernel_shape", k[0], k[1]),
                ints("strides", s[0], s[1]), ints("pads", wh.before(), ww.before(), wh.after(), ww.after()));
        return new Flow(y, f.layout(), new long[] {f.channels(), wh.out(), ww.out()});
    }
}
