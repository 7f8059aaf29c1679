package dev.actionstream.trainer.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Collection;

/**
 * DL4J's {@link ConvolutionLayer} configuration, computed by {@link NativeConvolutionLayer} with libnd4j's conv2d /
 * conv2d_bp ops instead of DL4J's im2col + gemm.
 *
 * <p>Why: in DL4J 1.0.0-M2.1 the layer's oneDNN helper never loads (it looks the native environment up under a package
 * name the backend no longer uses), so every convolution runs as im2col + gemm at 1–4 GFLOP/s; the native op uses
 * oneDNN and ran the LRCN's first convolution 25x faster (2 x86-64 cores, AVX2). Parameters ("W" OIHW, "b"), JSON form,
 * initialisation and results are DL4J's own; {@code NativeConvolutionTest} checks outputs and gradients against
 * DL4J's layer. NCHW, no dilation beyond what the op supports, modes Same, Truncate and Strict.
 */
public final class NativeConvolution extends ConvolutionLayer {

    /** For Jackson (DL4J serialises layer configurations as JSON). */
    private NativeConvolution() {
    }

    private NativeConvolution(ConvolutionLayer.Builder builder) {
        super(builder);
        if (getConvolutionMode() == ConvolutionMode.Causal) {
            throw new IllegalArgumentException("NativeConvolution: causal convolution is not supported");
        }
        if (getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("NativeConvolution: only NCHW is supported, got " + getCnn2dDataFormat());
        }
    }

    /** Configure as DL4J's layer, then build this one: {@code NativeConvolution.of(new ConvolutionLayer.Builder(3, 3)...)}. */
    public static NativeConvolution of(ConvolutionLayer.Builder builder) {
        return new NativeConvolution(builder);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        NativeConvolutionLayer layer = new NativeConvolutionLayer(conf, dataType);
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public NativeConvolution clone() {
        return (NativeConvolution) super.clone();
    }

    @Override
    public String toString() {
        return "NativeConvolution(" + getNIn() + "->" + getNOut() + ", kernel " + Arrays.toString(getKernelSize())
                + ", " + getConvolutionMode() + ", " + getActivationFn() + ")";
    }
}
