package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import dev.actionstream.trainer.model.ConvLstm2D;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.actionstream.exporter.onnx.OnnxGraph.attr;
import static dev.actionstream.exporter.onnx.OnnxGraph.ints;

/**
 * One ConvLSTM2D layer (Keras semantics) as ONNX nodes. The input convolution ('valid') runs once over all
 * {@code N*T} frames; the recurrence is unrolled over the window's fixed {@code T} steps, each step one 'same'
 * convolution of the previous hidden state. Gates i, f, c, o along the 4F channel axis; sigmoid gates, tanh cell
 * and output; zero initial state, so step 0 skips the recurrent convolution.
 */
final class ConvLstmEmitter implements LayerEmitter {

    @Override
    public Flow emit(OnnxGraph g, SourceLayer layer, Flow f) {
        if (!ConvLstm2D.GATE_ORDER.equals("ifco")) {
            throw layer.unsupported("ConvLSTM gate order " + ConvLstm2D.GATE_ORDER + " is not the i, f, c, o the exporter knows");
        }
        INDArray w = layer.param("W");
        INDArray rw = layer.param("RW");
        INDArray b = layer.param("b");
        String h = layer.hint();
        long frames = layer.frames();
        if (f.layout() != Layout.NT_IMAGES) {
            throw layer.unsupported("ConvLSTM needs the frames of each window, receives " + f.layout());
        }
        long gates = w.size(0);
        long filters = gates / 4;
        long k = w.size(2);
        if (gates % 4 != 0 || w.size(3) != k || w.size(1) != f.channels()
                || !Arrays.equals(rw.shape(), new long[] {gates, filters, k, k}) || b.length() != gates) {
            throw layer.unsupported("ConvLSTM parameters do not follow the agreed layout W [4F, Cin, k, k], RW [4F, F, k, k], "
                    + "b [4F] for " + f.channels() + " input channels: W " + Arrays.toString(w.shape()) + ", RW "
                    + Arrays.toString(rw.shape()) + ", b " + Arrays.toString(b.shape()));
        }
        if (k % 2 == 0) {
            throw layer.unsupported("even ConvLSTM kernels (" + k + ") have no symmetric 'same' padding");
        }
        long oh = f.height() - k + 1;
        long ow = f.width() - k + 1;
        if (oh <= 0 || ow <= 0) {
            throw layer.unsupported("frames of " + f.height() + "x" + f.width() + " are smaller than the kernel " + k);
        }
        long pad = (k - 1) / 2;
        String wIn = g.constant(h + "_W", NetworkConverter.floats(w), w.shape());
        String wRec = g.constant(h + "_RW", NetworkConverter.floats(rw), rw.shape());
        String bias = g.constant(h + "_b", NetworkConverter.floats(b), gates);

        String x = g.node("Conv", h + "_input_conv", List.of(f.tensor(), wIn, bias), ints("kernel_shape", k, k),
                ints("pads", 0, 0, 0, 0));
        String x5 = g.node("Reshape", h + "_steps", List.of(x, g.longs(h + "_steps_shape", -1, frames, gates, oh, ow)));
        long[] ones = new long[(int) frames];
        Arrays.fill(ones, 1);
        List<String> steps = frames == 1 ? List.of(x5)
                : g.nodeWithOutputs("Split", h + "_split_time", List.of(x5, g.longs(h + "_time_sizes", ones)),
                (int) frames, attr("axis", 1L));
        String stepAxis = g.longs(h + "_step_axis", 1);
        String gateSizes = g.longs(h + "_gate_sizes", filters, filters, filters, filters);

        String hidden = null;
        String cell = null;
        List<String> outputs = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            String p = h + "_t" + t;
            String z = g.node("Squeeze", p + "_x", List.of(steps.get(t), stepAxis));
            if (hidden != null) {
                String r = g.node("Conv", p + "_recurrent_conv", List.of(hidden, wRec), ints("kernel_shape", k, k),
                        ints("pads", pad, pad, pad, pad));
                z = g.node("Add", p + "_z", List.of(z, r));
            }
            List<String> zs = g.nodeWithOutputs("Split", p + "_gates", List.of(z, gateSizes), 4, attr("axis", 1L));
            String in = g.node("Sigmoid", p + "_i", List.of(zs.get(0)));
            String candidate = g.node("Tanh", p + "_g", List.of(zs.get(2)));
            String out = g.node("Sigmoid", p + "_o", List.of(zs.get(3)));
            String written = g.node("Mul", p + "_ig", List.of(in, candidate));
            if (cell == null) {
                cell = written;
            } else {
                String forget = g.node("Sigmoid", p + "_f", List.of(zs.get(1)));
                cell = g.node("Add", p + "_c", List.of(g.node("Mul", p + "_fc", List.of(forget, cell)), written));
            }
            hidden = g.node("Mul", p + "_h", List.of(out, g.node("Tanh", p + "_tanh_c", List.of(cell))));
            outputs.add(g.node("Unsqueeze", p + "_h5", List.of(hidden, stepAxis)));
        }
        String seq = outputs.size() == 1 ? outputs.get(0)
                : g.node("Concat", h + "_sequence", outputs, attr("axis", 1L));
        String images = g.node("Reshape", h + "_out", List.of(seq, g.longs(h + "_out_shape", -1, filters, oh, ow)));
        return new Flow(images, Layout.NT_IMAGES, new long[] {filters, oh, ow});
    }
}
