package dev.actionstream.trainer.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The runtime instance of {@link NativeConvolution}: {@code z = conv2d(x, W) + b}, {@code a = activation(z)}, and the
 * backward pass through conv2d_bp, all native.
 *
 * <p>A training forward pass keeps {@code z} for the backward pass that follows it on the same input (DL4J's own layer
 * recomputes it); a backward pass without one recomputes it. Intermediates live outside DL4J's workspaces; results are
 * copied into the workspace the caller asks for.
 */
final class NativeConvolutionLayer extends ConvolutionLayer {

    private INDArray cachedPreOutput;
    private INDArray cachedInput;

    NativeConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public void clear() {
        super.clear();
        Scratch.release(cachedPreOutput);
        cachedPreOutput = null;
        cachedInput = null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        applyDropOutIfNecessary(training, workspaceMgr);
        validateInputRank();
        validateInputDepth(input.size(1));
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Scratch.release(cachedPreOutput);
            INDArray z = preOutput(input.castTo(dataType));
            INDArray a = workspaceMgr.dup(ArrayType.ACTIVATIONS, z);
            if (training) {
                cachedPreOutput = z;
                cachedInput = input;
            } else {
                cachedPreOutput = null;
                cachedInput = null;
                Scratch.release(z);
            }
            return layerConf().getActivationFn().getActivation(a, training);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = input.castTo(dataType);
            INDArray z = cachedPreOutput != null && cachedInput == input ? cachedPreOutput : preOutput(x);
            cachedPreOutput = null;
            cachedInput = null;
            // The activation's backprop overwrites its input; z is not needed afterwards.
            INDArray delta = layerConf().getActivationFn().backprop(z, epsilon.castTo(dataType)).getFirst();
            boolean ownDelta = delta != z;
            if (delta.isView() || delta.ordering() != 'c') {
                delta = delta.dup('c');
                ownDelta = true;
            }
            INDArray weightGradient = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
            INDArray inputGradient = Nd4j.create(dataType, x.shape());
            DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp")
                    .addIntegerArguments(geometry());
            if (hasBias()) {
                INDArray biasGradient = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
                op.addInputs(x, kernel(), bias(), delta)
                        .addOutputs(inputGradient, weightGradient.permute(2, 3, 1, 0), biasGradient.reshape(-1));
            } else {
                op.addInputs(x, kernel(), delta).addOutputs(inputGradient, weightGradient.permute(2, 3, 1, 0));
            }
            Nd4j.exec(op.build());
            Scratch.release(z);
            if (ownDelta && delta != epsilon) {
                Scratch.release(delta);
            }
            Gradient gradient = new DefaultGradient();
            if (hasBias()) {
                gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY,
                        gradientViews.get(ConvolutionParamInitializer.BIAS_KEY));
            }
            gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient, 'c');
            INDArray result = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, inputGradient);
            Scratch.release(inputGradient);
            return new Pair<>(gradient, result);
        }
    }

    private INDArray preOutput(INDArray x) {
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        long outH = outputSize(x.size(2), k[0], s[0], layerConf().getPadding()[0], layerConf().getDilation()[0]);
        long outW = outputSize(x.size(3), k[1], s[1], layerConf().getPadding()[1], layerConf().getDilation()[1]);
        INDArray z = Nd4j.create(dataType, x.size(0), layerConf().getNOut(), outH, outW);
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d").addIntegerArguments(geometry())
                .addOutputs(z);
        if (hasBias()) {
            op.addInputs(x, kernel(), bias());
        } else {
            op.addInputs(x, kernel());
        }
        Nd4j.exec(op.build());
        return z;
    }

    private long outputSize(long in, int k, int s, int pad, int dilation) {
        if (layerConf().getConvolutionMode() == ConvolutionMode.Same) {
            return (in + s - 1) / s;
        }
        long effective = (long) (k - 1) * dilation + 1;
        long out = (in + 2L * pad - effective) / s + 1;
        if (out <= 0) {
            throw new IllegalArgumentException("layer " + layerId() + ": input " + in + " is too small for kernel " + k);
        }
        return out;
    }

    /** libnd4j conv2d integer arguments: kH, kW, sH, sW, pH, pW, dH, dW, same mode, NCHW. */
    private int[] geometry() {
        int[] k = layerConf().getKernelSize();
        int[] s = layerConf().getStride();
        int[] p = layerConf().getPadding();
        int[] d = layerConf().getDilation();
        boolean same = layerConf().getConvolutionMode() == ConvolutionMode.Same;
        return new int[] {k[0], k[1], s[0], s[1], same ? 0 : p[0], same ? 0 : p[1], d[0], d[1], same ? 1 : 0, 0};
    }

    /** The OIHW weights as the [kH, kW, iC, oC] view libnd4j's conv2d expects. */
    private INDArray kernel() {
        return getParam(ConvolutionParamInitializer.WEIGHT_KEY).castTo(dataType).permute(2, 3, 1, 0);
    }

    private INDArray bias() {
        return getParam(ConvolutionParamInitializer.BIAS_KEY).castTo(dataType).reshape(-1);
    }
}
