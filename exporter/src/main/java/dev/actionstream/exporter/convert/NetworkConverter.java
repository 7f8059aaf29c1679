package dev.actionstream.exporter.convert;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.exporter.onnx.OnnxGraph;
import dev.actionstream.trainer.model.ConvLstm2D;
import onnx.Onnx.GraphProto;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.preprocessor.Cnn3DToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToRnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
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
    private final LayerEmitters emitters;
    private final int layers;
    private final long frames;
    private final InputKind inputKind;
    /** Index of the first layer after the per-frame encoder, or -1 when the network has none. */
    private final int splitAt;
    /** Calibrated output (temperature, OOD score) instead of the plain softmax; null for the plain one. */
    private final OodHead ood;

    public NetworkConverter(MultiLayerNetwork net, ModelSpec spec) {
        this(net, spec, LayerEmitters.standard(), null);
    }

    /** @param ood when not null, the output layer divides its logits by T and the graph adds {@code ood_score} */
    public NetworkConverter(MultiLayerNetwork net, ModelSpec spec, OodHead ood) {
        this(net, spec, LayerEmitters.standard(), ood);
    }

    NetworkConverter(MultiLayerNetwork net, ModelSpec spec, LayerEmitters emitters) {
        this(net, spec, emitters, null);
    }

    NetworkConverter(MultiLayerNetwork net, ModelSpec spec, LayerEmitters emitters, OodHead ood) {
        this.ood = ood;
        this.net = Objects.requireNonNull(net, "net");
        this.emitters = Objects.requireNonNull(emitters, "emitters");
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
        answer(g, f, 0, inputKind == InputKind.FRAME_SEQUENCE ? 0 : -1);
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
        answer(g, f, splitAt, splitAt);
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

    /** Layers {@code from} to the end, then the graph's outputs. */
    private void answer(OnnxGraph g, Flow in, int from, int skipPreprocessorAt) {
        if (ood == null) {
            finish(g, layers(g, in, from, layers, skipPreprocessorAt));
            return;
        }
        int last = layers - 1;
        Flow f = layers(g, in, from, last, skipPreprocessorAt);
        InputPreProcessor pre = preprocessor(last);
        if (pre != null && last != skipPreprocessorAt) {
            f = preprocess(g, last, pre, f);
        }
        if (layerConf(last).getClass() != org.deeplearning4j.nn.conf.layers.OutputLayer.class) {
            throw unsupported(last, "calibration needs a dense softmax OutputLayer on the features, not "
                    + layerConf(last).getClass().getSimpleName());
        }
        new CalibratedOutputEmitter(ood).emit(g, new SourceLayer(last, layerConf(last), net.getLayer(last), frames), f);
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
        LayerEmitter emitter = emitters.of(conf);
        if (emitter == null) {
            throw unsupported(i, "no ONNX mapping for this layer type");
        }
        return emitter.emit(g, new SourceLayer(i, conf, net.getLayer(i), frames), f);
    }

    private boolean isConvLstm(int i) {
        return layerConf(i) instanceof ConvLstm2D;
    }

    static float[] floats(INDArray a) {
        return Nd4j.toFlattened('c', a.castTo(DataType.FLOAT)).toFloatVector();
    }
}
