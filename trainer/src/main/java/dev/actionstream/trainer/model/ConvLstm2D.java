package dev.actionstream.trainer.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Collection;
import java.util.Map;

/**
 * Keras {@code ConvLSTM2D(filters, (k, k), activation='tanh', return_sequences=True)} as a DL4J layer: input
 * convolution 'valid', recurrent convolution 'same', sigmoid gates, tanh cell and output, forget-gate bias
 * initialised to 1 ({@code unit_forget_bias}), zero initial state.
 *
 * <p>Input and output are NCDHW with the time axis as depth: {@code [N, Cin, T, H, W] -> [N, F, T, H-k+1, W-k+1]}.
 *
 * <p><b>Parameter layout (the ONNX exporter relies on it)</b>, {@code F} = filters:
 * <pre>
 *   "W"  [4F, Cin, k, k]  input kernel, OIHW
 *   "RW" [4F, F,   k, k]  recurrent kernel, OIHW
 *   "b"  [4F]             bias (added once, with the input convolution)
 * </pre>
 * Along the 4F axis the gate blocks are ordered i, f, c, o (each F wide), as in Keras. For one time step:
 * <pre>
 *   z = conv_valid(x_t, W) + b + conv_same(h_{t-1}, RW)      (no recurrent term at t = 0, h_0 = c_0 = 0)
 *   i = sigmoid(z[0:F]), f = sigmoid(z[F:2F]), g = tanh(z[2F:3F]), o = sigmoid(z[3F:4F])
 *   c_t = f * c_{t-1} + i * g,   h_t = o * tanh(c_t)
 * </pre>
 * The kernels are stored OIHW (the ONNX Conv layout) and viewed as libnd4j's [kH, kW, iC, oC] when convolving.
 *
 * <p>This configuration class extends {@code SameDiffLayer} for DL4J's parameter handling (shapes, initialisation,
 * flattened views, JSON serialisation); the computation itself is native, in {@link ConvLstm2DLayer}. Speed: the
 * input convolution runs once over all T frames ({@code [N*T, Cin, H, W]}); only the recurrent convolution is inside
 * the time loop.
 */
public final class ConvLstm2D extends SameDiffLayer {

    public static final String INPUT_WEIGHT_KEY = "W";
    public static final String RECURRENT_WEIGHT_KEY = "RW";
    public static final String BIAS_KEY = "b";
    /** Gate blocks along the 4F axis, in this order. */
    public static final String GATE_ORDER = "ifco";

    private int filters;
    private int kernelSize;
    private long inChannels;
    private long frames;
    private long inHeight;
    private long inWidth;

    /** For Jackson (DL4J serialises layer configurations as JSON). */
    private ConvLstm2D() {
    }

    private ConvLstm2D(Builder b) {
        super(b);
        this.filters = b.filters;
        this.kernelSize = b.kernelSize;
    }

    public static Builder builder(int filters, int kernelSize) {
        return new Builder().filters(filters).kernelSize(kernelSize);
    }

    public int getFilters() {
        return filters;
    }

    public int getKernelSize() {
        return kernelSize;
    }

    public long getInChannels() {
        return inChannels;
    }

    /** Time steps per window (the input's depth). The getters also make DL4J's JSON keep the input geometry. */
    public long getFrames() {
        return frames;
    }

    public long getInHeight() {
        return inHeight;
    }

    public long getInWidth() {
        return inWidth;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        ConvLstm2DLayer layer = new ConvLstm2DLayer(conf, dataType);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeConvolutional3D in = convolutional3D(inputType);
        long outH = in.getHeight() - kernelSize + 1;
        long outW = in.getWidth() - kernelSize + 1;
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("ConvLSTM layer " + layerIndex + ": input " + in.getHeight() + "x"
                    + in.getWidth() + " is smaller than its " + kernelSize + "x" + kernelSize + " kernel");
        }
        return InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, in.getDepth(), outH, outW, filters);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeConvolutional3D in = convolutional3D(inputType);
        if (inChannels <= 0 || override) {
            inChannels = in.getChannels();
        }
        frames = in.getDepth();
        inHeight = in.getHeight();
        inWidth = in.getWidth();
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        convolutional3D(inputType);
        return null;
    }

    private static InputType.InputTypeConvolutional3D convolutional3D(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional3D c)
                || c.getDataFormat() != Convolution3D.DataFormat.NCDHW) {
            throw new IllegalArgumentException("ConvLSTM2D needs NCDHW input [N, C, T, H, W], got " + inputType);
        }
        return c;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.clear();
        params.addWeightParam(INPUT_WEIGHT_KEY, 4L * filters, inChannels, kernelSize, kernelSize);
        params.addWeightParam(RECURRENT_WEIGHT_KEY, 4L * filters, filters, kernelSize, kernelSize);
        params.addBiasParam(BIAS_KEY, 4L * filters);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            long area = (long) kernelSize * kernelSize;
            // Keras glorot_uniform on a (k, k, in, 4F) kernel: fan_in = k*k*in, fan_out = k*k*4F.
            INDArray w = params.get(INPUT_WEIGHT_KEY);
            new WeightInitXavierUniform().init(area * inChannels, area * 4L * filters, w.shape(), 'c', w);
            INDArray rw = params.get(RECURRENT_WEIGHT_KEY);
            new WeightInitXavierUniform().init(area * filters, area * 4L * filters, rw.shape(), 'c', rw);
            INDArray b = params.get(BIAS_KEY);
            b.assign(0);
            b.get(NDArrayIndex.interval(filters, 2L * filters)).assign(1);
        }
    }

    /**
     * Not used: {@link ConvLstm2DLayer} computes this layer natively. DL4J's SameDiff execution of the same equations
     * was an order of magnitude slower (per-op graph overhead) and, in M2.1, returned doubled gradients.
     */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        throw new UnsupportedOperationException("ConvLstm2D is computed natively by ConvLstm2DLayer, not by SameDiff");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvLstm2D other && super.equals(o) && filters == other.filters
                && kernelSize == other.kernelSize && inChannels == other.inChannels && frames == other.frames
                && inHeight == other.inHeight && inWidth == other.inWidth;
    }

    @Override
    public int hashCode() {
        return 31 * super.hashCode() + (int) (filters * 131L + kernelSize * 17L + inChannels + frames * 7 + inHeight);
    }

    @Override
    public String toString() {
        return "ConvLstm2D(filters=" + filters + ", kernel=" + kernelSize + ", in=" + inChannels + "x" + frames
                + "x" + inHeight + "x" + inWidth + ")";
    }

    public static final class Builder extends SameDiffLayer.Builder<Builder> {
        private int filters;
        private int kernelSize = 3;

        public Builder filters(int filters) {
            if (filters <= 0) {
                throw new IllegalArgumentException("filters must be > 0, got " + filters);
            }
            this.filters = filters;
            return this;
        }

        public Builder kernelSize(int kernelSize) {
            if (kernelSize <= 0 || kernelSize % 2 == 0) {
                throw new IllegalArgumentException("kernelSize must be a positive odd number, got " + kernelSize);
            }
            this.kernelSize = kernelSize;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ConvLstm2D build() {
            if (filters <= 0) {
                throw new IllegalStateException("filters not set");
            }
            return new ConvLstm2D(this);
        }
    }
}
