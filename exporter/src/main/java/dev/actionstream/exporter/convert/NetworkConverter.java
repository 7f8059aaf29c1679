package dev.actionstream.exporter.convert;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.exporter.onnx.OnnxGraph;
import dev.actionstream.trainer.model.ConvLstm2D;
import dev.actionstream.trainer.model.NativeConvolution;
import onnx.Onnx.GraphProto;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.preprocessor.Cnn3DToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import static dev.actionstream.config.OnnxContract.FEATURES;
import static dev.actionstream.config.OnnxContract.FRAME;
import static dev.actionstream.config.OnnxContract.FRAMES;
import static dev.actionstream.config.OnnxContract.PROBABILITIES;
import static dev.actionstream.exporter.onnx.OnnxGraph.BATCH;
import static dev.actionstream.exporter.onnx.OnnxGraph.attr;
import static dev.actionstream.exporter.onnx.OnnxGraph.ints;

/**
 * Mirrors a trained {@link MultiLayerNetwork} as ONNX graphs: the one-piece model ("frames" NTCHW → "probabilities")
 * and, for networks with a per-frame encoder (LRCN), the encoder ("frame" → "features") and temporal head
 * ("features" → "probabilities"). The constructor converts once, so an unsupported network fails there.
 */
public final class NetworkConverter {

    private final MultiLayerNetwork net;
    private final ModelSpec spec;
    private final int layers;
    private final long frames;
    private final InputKind inputKind;
    /** Index of the first layer after the per-frame encoder, or -1 when the network has none. */
    private final int splitAt;

    public NetworkConverter(MultiLayerNetwork net, ModelSpec spec) {
        this.net = Objects.requireNonNull(net, "net");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.layers = net.getnLayers();
        this.frames = spec.framesPerWindow();
        if (layers == 0) {
            throw new IllegalArgumentException("the network has no layers");
        }
        checkOutputLayer();
        this.inputKind = detectInputKind();
        this.splitAt = findSplit();
        full();
        if (splitAt >= 0) {
            encoder();
            head();
        }
    }

    public InputKind inputKind() {
        return inputKind;
    }

    /** Whether {@link #encoder()} and {@link #head()} exist (a per-frame CNN followed by a recurrent head). */
    public boolean splittable() {
        return splitAt >= 0;
    }

    /** Length of the per-frame feature vector between encoder and head. */
    public long featureSize() {
        requireSplittable();
        CnnToRnnPreProcessor p = (CnnToRnnPreProcessor) preprocessor(splitAt);
        return p.getNumChannels() * p.getInputHeight() * p.getInputWidth();
    }

    /** "frames" {@code [N, T, C, H, W]} → "probabilities" {@code [N, classes]}. */
    public GraphProto full() {
        OnnxGraph g = new OnnxGraph(spec.name());
        g.input(FRAMES, BATCH, frames, spec.channels(), spec.frameHeight(), spec.frameWidth());
        long[] chw = {spec.channels(), spec.frameHeight(), spec.frameWidth()};
        // NTCHW is NCDHW's frames one after the other, and the per-frame CNN of a frame sequence takes the same
        // images: a Reshape gives one image per (n, t) without moving data. The RnnToCnnPreProcessor of a frame
        // sequence is thereby already applied (in sample-major row order, which per-frame layers do not mind).
        Flow f = new Flow(g.node("Reshape", "frames_as_images",
                List.of(FRAMES, g.longs("shape", -1, chw[0], chw[1], chw[2]))), Layout.NT_IMAGES, chw);
        f = layers(g, f, 0, layers, inputKind == InputKind.FRAME_SEQUENCE ? 0 : -1);
        finish(g, f);
        return g.build();
    }

    /** "frame" {@code [N, C, H, W]} → "features" {@code [N, D]}: the per-frame CNN of a split network. */
    public GraphProto encoder() {
        requireSplittable();
        OnnxGraph g = new OnnxGraph(spec.name() + "-encoder");
        g.input(FRAME, BATCH, spec.channels(), spec.frameHeight(), spec.frameWidth());
        Flow f = new Flow(FRAME, Layout.TN_IMAGES, new long[] {spec.channels(), spec.frameHeight(), spec.frameWidth()});
        f = layers(g, f, 0, splitAt, 0);
        // Same element order as CnnToRnnPreProcessor's flatten: C, H, W.
        g.namedNode("Flatten", FEATURES, List.of(f.tensor()), attr("axis", 1L));
        g.output(FEATURES, BATCH, f.size());
        return g.build();
    }

    /** "features" {@code [N, T, D]} → "probabilities" {@code [N, classes]}: the recurrent head of a split network. */
    public GraphProto head() {
        requireSplittable();
        OnnxGraph g = new OnnxGraph(spec.name() + "-head");
        long d = featureSize();
        g.input(FEATURES, BATCH, frames, d);
        Flow f = new Flow(g.node("Transpose", "features_time_major", List.of(FEATURES), ints("perm", 1, 0, 2)),
                Layout.SEQUENCE, new long[] {d});
        f = layers(g, f, splitAt, layers, splitAt);
        finish(g, f);
        return g.build();
    }

    private void requireSplittable() {
        if (splitAt < 0) {
            throw new IllegalStateException("this " + spec.architecture().id() + " network has no per-frame encoder "
                    + "followed by a recurrent head, so it has no split form");
        }
    }

    private Flow layers(OnnxGraph g, Flow in, int from, int to, int skipPreprocessorAt) {
        Flow f = in;
        for (int i = from; i < to; i++) {
            InputPreProcessor pre = preprocessor(i);
            if (pre != null && i != skipPreprocessorAt) {
                f = preprocess(g, i, pre, f);
            }
            f = layer(g, i, f);
        }
        return f;
    }

    private void finish(OnnxGraph g, Flow f) {
        String out = f.tensor();
        if (f.layout() == Layout.SEQUENCE) {
            // An RnnOutputLayer answers at every step; the window's answer is the last step's.
            out = g.node("Gather", "last_step", List.of(out, g.longScalar("last_index", frames - 1)), attr("axis", 0L));
        } else if (f.layout() != Layout.FLAT) {
            throw new UnsupportedLayerException(layers - 1, layerConf(layers - 1), layerConf(layers - 1).getLayerName(),
                    "network ends in " + f.layout() + " activations, expected class probabilities");
        }
        if (f.size() != spec.numClasses()) {
            throw new UnsupportedLayerException(layers - 1, layerConf(layers - 1), layerConf(layers - 1).getLayerName(),
                    "network has " + f.size() + " outputs but the spec lists " + spec.numClasses() + " labels");
        }
        g.namedNode("Identity", PROBABILITIES, List.of(out));
        g.output(PROBABILITIES, BATCH, spec.numClasses());
    }

    // ---------------------------------------------------------------- structure

    private void checkOutputLayer() {
        Layer last = layerConf(layers - 1);
        if (!(last instanceof BaseOutputLayer out) || !(out.getActivationFn() instanceof ActivationSoftmax)) {
            throw new UnsupportedLayerException(layers - 1, last, last.getLayerName(),
                    "the last layer must be an output layer with softmax activation (the ONNX output is probabilities)");
        }
    }

    private InputKind detectInputKind() {
        InputPreProcessor pre = preprocessor(0);
        Layer first = layerConf(0);
        if (pre instanceof RnnToCnnPreProcessor r) {
            if (r.getNumChannels() != spec.channels() || r.getInputHeight() != spec.frameHeight()
                    || r.getInputWidth() != spec.frameWidth()) {
                throw new UnsupportedLayerException(0, first, first.getLayerName(), "expects frames of "
                        + r.getNumChannels() + "x" + r.getInputHeight() + "x" + r.getInputWidth() + " (CxHxW) but the spec says "
                        + spec.channels() + "x" + spec.frameHeight() + "x" + spec.frameWidth());
            }
            return InputKind.FRAME_SEQUENCE;
        }
        if (pre == null && (isConvLstm(0) || first instanceof Subsampling3DLayer)) {
            return InputKind.NCDHW;
        }
        throw new UnsupportedLayerException(0, first, first.getLayerName(), "cannot tell how frames feed this network: "
                + "expected a ConvLSTM layer (NCDHW input) or an RnnToCnnPreProcessor (per-frame CNN), found "
                + (pre == null ? "no preprocessor" : pre.getClass().getSimpleName()));
    }

    private int findSplit() {
        if (inputKind != InputKind.FRAME_SEQUENCE) {
            return -1;
        }
        for (int i = 1; i < layers; i++) {
            if (preprocessor(i) instanceof CnnToRnnPreProcessor) {
                return i;
            }
        }
        return -1;
    }

    private Layer layerConf(int i) {
        return net.getLayerWiseConfigurations().getConf(i).getLayer();
    }

    private InputPreProcessor preprocessor(int i) {
        return net.getLayerWiseConfigurations().getInputPreProcess(i);
    }

    private UnsupportedLayerException unsupported(int i, String problem) {
        Layer l = layerConf(i);
        return new UnsupportedLayerException(i, l, l.getLayerName(), problem);
    }

    private static String hint(int i, Object layer) {
        return "l" + i + "_" + layer.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    // ---------------------------------------------------------------- preprocessors

    private Flow preprocess(OnnxGraph g, int i, InputPreProcessor pre, Flow f) {
        String h = "l" + i + "_pre";
        if (pre instanceof RnnToCnnPreProcessor r) {
            require(i, f, Layout.SEQUENCE, pre);
            long[] chw = {r.getNumChannels(), r.getInputHeight(), r.getInputWidth()};
            // Rows come out time-major (t*N + n), exactly as DL4J orders them.
            return new Flow(g.node("Reshape", h + "_rnn_to_cnn", List.of(f.tensor(), g.longs(h + "_shape", -1, chw[0], chw[1], chw[2]))),
                    Layout.TN_IMAGES, chw);
        }
        if (pre instanceof CnnToRnnPreProcessor c) {
            if (!f.isImages()) {
                throw unsupported(i, "CnnToRnnPreProcessor needs image input but receives " + f.layout());
            }
            long size = c.getNumChannels() * c.getInputHeight() * c.getInputWidth();
            checkSize(i, f, size, pre);
            if (f.layout() == Layout.TN_IMAGES) {
                return new Flow(g.node("Reshape", h + "_cnn_to_rnn", List.of(f.tensor(), g.longs(h + "_shape", frames, -1, size))),
                        Layout.SEQUENCE, new long[] {size});
            }
            // Sample-major rows: only the small feature vectors are transposed into time-major order.
            String ntf = g.node("Reshape", h + "_cnn_to_rnn", List.of(f.tensor(), g.longs(h + "_shape", -1, frames, size)));
            return new Flow(g.node("Transpose", h + "_time_major", List.of(ntf), ints("perm", 1, 0, 2)),
                    Layout.SEQUENCE, new long[] {size});
        }
        if (pre instanceof Cnn3DToFeedForwardPreProcessor c) {
            require(i, f, Layout.NT_IMAGES, pre);
            checkSize(i, f, c.getNumChannels() * c.getInputHeight() * c.getInputWidth(), pre);
            String five = g.node("Reshape", h + "_ntchw", List.of(f.tensor(),
                    g.longs(h + "_shape", -1, frames, f.channels(), f.height(), f.width())));
            // DL4J flattens its own layout in C order: NCDHW → (C, T, H, W); NDHWC → (T, H, W, C).
            long[] perm = c.isNCDHW() ? new long[] {0, 2, 1, 3, 4} : new long[] {0, 1, 3, 4, 2};
            String t = g.node("Transpose", h + "_to_dl4j", List.of(five), ints("perm", perm));
            String flat = g.node("Flatten", h + "_flatten", List.of(t), attr("axis", 1L));
            return new Flow(flat, Layout.FLAT, new long[] {f.size() * frames});
        }
        throw unsupported(i, "input preprocessor " + pre.getClass().getName() + " has no ONNX mapping");
    }

    private void require(int i, Flow f, Layout layout, Object what) {
        if (f.layout() != layout) {
            throw unsupported(i, what.getClass().getSimpleName() + " needs " + layout + " input but receives " + f.layout());
        }
    }

    private void checkSize(int i, Flow f, long expected, Object what) {
        if (f.size() != expected) {
            throw unsupported(i, what.getClass().getSimpleName() + " expects " + expected + " values per item, receives "
                    + f.size() + " " + Arrays.toString(f.dims()));
        }
    }

    // ---------------------------------------------------------------- layers

    private Flow layer(OnnxGraph g, int i, Flow f) {
        Layer conf = layerConf(i);
        Class<?> type = conf.getClass();
        if (type == DropoutLayer.class) {
            return f; // identity at inference
        }
        if (type == ConvolutionLayer.class || type == NativeConvolution.class) {
            return convolution(g, i, (ConvolutionLayer) conf, f);
        }
        if (type == SubsamplingLayer.class) {
            return pooling(g, i, (SubsamplingLayer) conf, f);
        }
        if (type == Subsampling3DLayer.class) {
            return pooling3d(g, i, (Subsampling3DLayer) conf, f);
        }
        if (type == DenseLayer.class || type == OutputLayer.class) {
            return dense(g, i, ((FeedForwardLayer) conf).getActivationFn(), f);
        }
        if (type == RnnOutputLayer.class) {
            return timeDistributedDense(g, i, ((RnnOutputLayer) conf).getActivationFn(), f);
        }
        if (type == LSTM.class) {
            return lstm(g, i, (LSTM) conf, f, false);
        }
        if (type == LastTimeStep.class && ((LastTimeStep) conf).getUnderlying().getClass() == LSTM.class) {
            return lstm(g, i, (LSTM) ((LastTimeStep) conf).getUnderlying(), f, true);
        }
        if (isConvLstm(i)) {
            if (!ConvLstm2D.GATE_ORDER.equals("ifco")) {
                throw unsupported(i, "ConvLSTM gate order " + ConvLstm2D.GATE_ORDER + " is not the i, f, c, o the exporter knows");
            }
            return new ConvLstmEmitter(g, hint(i, conf), frames).emit(param(i, "W"), param(i, "RW"), param(i, "b"), f,
                    problem -> unsupported(i, problem));
        }
        throw unsupported(i, "no ONNX mapping for this layer type");
    }

    private boolean isConvLstm(int i) {
        return layerConf(i) instanceof ConvLstm2D;
    }

    private INDArray param(int i, String key) {
        INDArray p = net.getLayer(i).getParam(key);
        if (p == null) {
            throw unsupported(i, "has no parameter '" + key + "'");
        }
        return p;
    }

    static float[] floats(INDArray a) {
        return Nd4j.toFlattened('c', a.castTo(DataType.FLOAT)).toFloatVector();
    }

    private String activation(OnnxGraph g, int i, IActivation fn, String input) {
        try {
            return Activations.apply(g, fn, input, "l" + i);
        } catch (IllegalArgumentException e) {
            throw unsupported(i, e.getMessage());
        }
    }

    private Flow convolution(OnnxGraph g, int i, ConvolutionLayer c, Flow f) {
        if (!f.isImages()) {
            throw unsupported(i, "convolution needs image input, receives " + f.layout());
        }
        if (c.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw unsupported(i, "only NCHW convolutions are supported, found " + c.getCnn2dDataFormat());
        }
        INDArray w = param(i, "W");
        long out = w.size(0);
        if (w.size(1) != f.channels()) {
            throw unsupported(i, "weights expect " + w.size(1) + " input channels, receives " + f.channels());
        }
        int[] k = c.getKernelSize();
        int[] s = c.getStride();
        int[] d = c.getDilation();
        Window wh = window(i, c.getConvolutionMode(), f.height(), k[0], s[0], d[0], c.getPadding()[0]);
        Window ww = window(i, c.getConvolutionMode(), f.width(), k[1], s[1], d[1], c.getPadding()[1]);
        String h = hint(i, c);
        List<String> inputs = new ArrayList<>(List.of(f.tensor(), g.constant(h + "_W", floats(w), w.shape())));
        if (c.hasBias()) {
            inputs.add(g.constant(h + "_b", floats(param(i, "b")), out));
        }
        String y = g.node("Conv", h, inputs, ints("kernel_shape", k[0], k[1]), ints("strides", s[0], s[1]),
                ints("dilations", d[0], d[1]), ints("pads", wh.before, ww.before, wh.after, ww.after));
        return new Flow(activation(g, i, c.getActivationFn(), y), f.layout(), new long[] {out, wh.out, ww.out});
    }

    private Flow pooling(OnnxGraph g, int i, SubsamplingLayer p, Flow f) {
        if (!f.isImages()) {
            throw unsupported(i, "pooling needs image input, receives " + f.layout());
        }
        if (p.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw unsupported(i, "only NCHW pooling is supported, found " + p.getCnn2dDataFormat());
        }
        int[] d = p.getDilation();
        if (d != null && (d[0] != 1 || d[1] != 1)) {
            throw unsupported(i, "dilated pooling is not supported");
        }
        return maxPool(g, i, p.getPoolingType(), p.getConvolutionMode(), p.getKernelSize(), p.getStride(),
                p.getPadding(), f, hint(i, p));
    }

    private Flow pooling3d(OnnxGraph g, int i, Subsampling3DLayer p, Flow f) {
        if (f.layout() != Layout.NT_IMAGES) {
            throw unsupported(i, "3-D pooling needs per-frame images of a window, receives " + f.layout());
        }
        if (p.getDataFormat() != Convolution3D.DataFormat.NCDHW) {
            throw unsupported(i, "only NCDHW 3-D pooling is supported, found " + p.getDataFormat());
        }
        int[] k = p.getKernelSize();
        int[] s = p.getStride();
        int[] pad = p.getPadding();
        int[] d = p.getDilation();
        if (k[0] != 1 || s[0] != 1 || (pad != null && pad[0] != 0) || (d != null && (d[0] != 1 || d[1] != 1 || d[2] != 1))) {
            throw unsupported(i, "only pooling within frames (depth kernel 1, stride 1, no padding or dilation) is supported");
        }
        return maxPool(g, i, p.getPoolingType(), p.getConvolutionMode(), new int[] {k[1], k[2]}, new int[] {s[1], s[2]},
                pad == null ? new int[] {0, 0} : new int[] {pad[1], pad[2]}, f, hint(i, p));
    }

    private Flow maxPool(OnnxGraph g, int i, PoolingType type, ConvolutionMode mode, int[] k, int[] s, int[] pad,
                         Flow f, String h) {
        if (type != PoolingType.MAX) {
            throw unsupported(i, "only max pooling is supported, found " + type);
        }
        Window wh = window(i, mode, f.height(), k[0], s[0], 1, pad[0]);
        Window ww = window(i, mode, f.width(), k[1], s[1], 1, pad[1]);
        String y = g.node("MaxPool", h, List.of(f.tensor()), ints("kernel_shape", k[0], k[1]), ints("strides", s[0], s[1]),
                ints("pads", wh.before, ww.before, wh.after, ww.after));
        return new Flow(y, f.layout(), new long[] {f.channels(), wh.out, ww.out});
    }

    private record Window(long before, long after, long out) {
    }

    /** Padding and output size along one axis, computed the way DL4J's ConvolutionUtils does. */
    private Window window(int i, ConvolutionMode mode, long in, int k, int s, int d, int pad) {
        long effective = (long) (k - 1) * d + 1;
        if (mode == ConvolutionMode.Same) {
            long out = (in + s - 1) / s;
            long total = Math.max((out - 1) * s + effective - in, 0);
            return new Window(total / 2, total - total / 2, out);
        }
        if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
            long out = (in + 2L * pad - effective) / s + 1;
            if (out <= 0) {
                throw unsupported(i, "input of size " + in + " is smaller than the kernel");
            }
            return new Window(pad, pad, out);
        }
        throw unsupported(i, "convolution mode " + mode + " is not supported");
    }

    private Flow dense(OnnxGraph g, int i, IActivation fn, Flow f) {
        if (f.layout() != Layout.FLAT) {
            throw unsupported(i, "dense layer needs flat input, receives " + f.layout());
        }
        INDArray w = param(i, "W");
        checkSize(i, f, w.size(0), layerConf(i));
        String h = hint(i, layerConf(i));
        String y = g.node("Gemm", h, List.of(f.tensor(), g.constant(h + "_W", floats(w), w.shape()),
                g.constant(h + "_b", floats(param(i, "b")), w.size(1))));
        return new Flow(activation(g, i, fn, y), Layout.FLAT, new long[] {w.size(1)});
    }

    private Flow timeDistributedDense(OnnxGraph g, int i, IActivation fn, Flow f) {
        if (f.layout() != Layout.SEQUENCE) {
            throw unsupported(i, "RnnOutputLayer needs sequence input, receives " + f.layout());
        }
        INDArray w = param(i, "W");
        checkSize(i, f, w.size(0), layerConf(i));
        String h = hint(i, layerConf(i));
        String y = g.node("MatMul", h + "_matmul", List.of(f.tensor(), g.constant(h + "_W", floats(w), w.shape())));
        y = g.node("Add", h + "_bias", List.of(y, g.constant(h + "_b", floats(param(i, "b")), w.size(1))));
        return new Flow(activation(g, i, fn, y), Layout.SEQUENCE, new long[] {w.size(1)});
    }

    private Flow lstm(OnnxGraph g, int i, LSTM conf, Flow f, boolean lastStepOnly) {
        if (f.layout() != Layout.SEQUENCE) {
            throw unsupported(i, "LSTM needs sequence input, receives " + f.layout());
        }
        String gate = Activations.rnnName(conf.getGateActivationFn());
        String act = Activations.rnnName(conf.getActivationFn());
        if (gate == null || act == null) {
            throw unsupported(i, "LSTM activations " + conf.getGateActivationFn() + "/" + conf.getActivationFn()
                    + " have no ONNX LSTM equivalent");
        }
        INDArray w = param(i, "W");
        INDArray rw = param(i, "RW");
        INDArray b = param(i, "b");
        checkSize(i, f, w.size(0), conf);
        LstmWeights onnx = LstmWeights.fromDl4j(w, rw, b);
        String h = hint(i, conf);
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
