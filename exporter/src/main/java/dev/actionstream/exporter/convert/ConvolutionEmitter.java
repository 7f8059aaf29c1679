package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;

import static dev.actionstream.exporter.onnx.OnnxGraph.ints;

/** A 2-D NCHW convolution (DL4J's own or the trainer's native one) as ONNX {@code Conv} plus its activation. */
final class ConvolutionEmitter implements LayerEmitter {

    @Override
    public Flow emit(OnnxGraph g, SourceLayer layer, Flow f) {
        ConvolutionLayer c = (ConvolutionLayer) layer.conf();
        if (!f.isImages()) {
            throw layer.unsupported("convolution needs image input, receives " + f.layout());
        }
        if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw layer.unsupported("only NCHW convolutions are supported, found " + c.getCnn2dDataFormat());
        }
        INDArray w = layer.param("W");
        long out = w.size(0);
        if (w.size(1) != f.channels()) {
            throw layer.unsupported("weights expect " + w.size(1) + " input channels, receives " + f.channels());
        }
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] d = c.getDilation();
        AxisWindow wh = AxisWindow.of(layer, c.getConvolutionMode(), f.height(), k[0], s[0], d[0], c.getPadding()[0]);
        AxisWindow ww = AxisWindow.of(layer, c.getConvolutionMode(), f.width(), k[1], s[1], d[1], c.getPadding()[1]);
        String h = layer.hint();
        List<String> inputs = new ArrayList<>(List.of(f.tensor(), g.constant(h + "_W", NetworkConverter.floats(w), w.shape())));
        if (c.hasBias()) {
            inputs.add(g.constant(h + "_b", NetworkConverter.floats(layer.param("b")), out));
        }
        String y = g.node("Conv", h, inputs, ints("kernel_shape", k[0], k[1]), ints("strides", s[0], s[1]),
                ints("dilations", d[0], d[1]), ints("pads", wh.before(), ww.before(), wh.after(), ww.after()));
        return new Flow(layer.activation(g, c.getActivationFn(), y), f.layout(), new long[] {out, wh.out(), ww.out()});
    }
}
