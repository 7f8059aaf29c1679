package dev.actionstream.trainer.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The runtime instance of {@link ConvLstm2D}: forward pass and backpropagation through time written directly with
 * ND4J's native conv2d / conv2d_bp ops rather than as a SameDiff graph.
 *
 * <p>Why: executing a SameDiff graph costs about a millisecond of bookkeeping per op and the ConvLSTM has a dozen
 * ops per time step per layer, so with SameDiff the graph's overhead, not arithmetic, set the speed (and DL4J M2.1's
 * SameDiff layers return doubled gradients). The equations and parameter layout are exactly those documented on
 * {@link ConvLstm2D}; {@code ConvLstm2DTest} checks the forward pass against plain loops and the gradients
 * numerically.
 *
 * <p>Arrays are computed outside DL4J's workspaces and freed explicitly as soon as they are dead (see
 * {@link Scratch}); the results are copied into the workspace the caller asks for. A training forward pass keeps its
 * intermediate arrays for the backward pass that follows it on the same input; a backward pass without one recomputes
 * the forward pass first.
 */
final class ConvLstm2DLayer extends SameDiffLayer {

    private Forward cached;
    private INDArray cachedInput;

    ConvLstm2DLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public void clear() {
        super.clear();
        dropCached();
    }

    private void dropCached() {
        if (cached != null) {
            cached.arrays.close();
        }
        cached = null;
        cachedInput = null;
    }

    private ConvLstm2D config() {
        return (ConvLstm2D) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            dropCached();
            Forward f = forward(input.castTo(dataType));
            INDArray result = workspaceMgr.dup(ArrayType.ACTIVATIONS, f.output);
            Scratch.release(f.output);
            if (training) {
                cached = f;
                cachedInput = input;
            } else {
                f.arrays.close();
            }
            return result;
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Gradient gradient = new DefaultGradient();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Forward f = cached != null && cachedInput == input ? cached : forward(input.castTo(dataType));
            if (f != cached) {
                Scratch.release(f.output);
                dropCached();
            }
            cached = null;
            cachedInput = null;
            try (Scratch arrays = f.arrays) {
                INDArray inputGradient = arrays.keep(backward(f, epsilon.castTo(dataType)));
                for (String key : new String[] {ConvLstm2D.INPUT_WEIGHT_KEY, ConvLstm2D.RECURRENT_WEIGHT_KEY,
                        ConvLstm2D.BIAS_KEY}) {
                    gradient.gradientForVariable().put(key, gradTable.get(key));
                }
                return new Pair<>(gradient, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, inputGradient));
            }
        }
    }

    /** Everything the backward pass needs, per time step, and the arrays that hold it. */
    private static final class Forward {
        final Scratch arrays = new Scratch();
        INDArray stackedInput;
        INDArray output;
        INDArray[] i;
        INDArray[] f;
        INDArray[] g;
        INDArray[] o;
        INDArray[] c;
        INDArray[] tanhC;
        INDArray[] h;
    }

    private Forward forward(INDArray x) {
        ConvLstm2D conf = config();
        int k = conf.getKernelSize();
        int filters = conf.getFilters();
        long n = x.size(0);
        long channels = x.size(1);
        int frames = (int) x.size(2);
        long height = x.size(3);
        long width = x.size(4);
        long outH = height - k + 1;
        long outW = width - k + 1;

        Forward r = new Forward();
        Scratch kept = r.arrays;
        r.stackedInput = kept.keep(x.permute(0, 2, 1, 3, 4).dup('c'))
                .reshape('c', n * frames, channels, height, width);
        try (Scratch step = new Scratch()) {
            INDArray inputGates = step.keep(Nd4j.create(dataType, n * frames, 4L * filters, outH, outW));
            conv2d(r.stackedInput, kernel(ConvLstm2D.INPUT_WEIGHT_KEY), paramTable.get(ConvLstm2D.BIAS_KEY),
                    inputGates, k, false);
            INDArray gatesByStep = inputGates.reshape('c', n, frames, 4L * filters, outH, outW);
            INDArray recurrentKernel = kernel(ConvLstm2D.RECURRENT_WEIGHT_KEY);
            INDArray recurrent = step.keep(Nd4j.create(dataType, n, 4L * filters, outH, outW));

            r.output = Nd4j.create(dataType, n, filters, frames, outH, outW);
            r.i = new INDArray[frames];
            r.f = new INDArray[frames];
            r.g = new INDArray[frames];
            r.o = new INDArray[frames];
            r.c = new INDArray[frames];
            r.tanhC = new INDArray[frames];
            r.h = new INDArray[frames];
            for (int t = 0; t < frames; t++) {
                INDArray z = step.keep(gatesByStep.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all(),
                        NDArrayIndex.all(), NDArrayIndex.all()).dup('c'));
                if (t > 0) {
                    conv2d(r.h[t - 1], recurrentKernel, null, recurrent, k, true);
                    z.addi(recurrent);
                }
                // One sigmoid over all four blocks (the c block's is simply unused), one tanh for the c block.
                INDArray sigmoid = kept.keep(Transforms.sigmoid(z, true));
                r.i[t] = gate(sigmoid, 0, filters);
                r.f[t] = gate(sigmoid, 1, filters);
                r.g[t] = kept.keep(Transforms.tanh(gate(z, 2, filters), true));
                r.o[t] = gate(sigmoid, 3, filters);
                r.c[t] = kept.keep(r.i[t].mul(r.g[t]));
                if (t > 0) {
                    r.c[t].addi(step.keep(r.f[t].mul(r.c[t - 1])));
                }
                r.tanhC[t] = kept.keep(Transforms.tanh(r.c[t], true));
                r.h[t] = kept.keep(r.o[t].mul(r.tanhC[t]));
                r.output.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all(),
                        NDArrayIndex.all()).assign(r.h[t]);
            }
        }
        return r;
    }

    /** Fills the parameter gradients (gradTable) and returns dL/dinput, NCDHW (the caller frees it). */
    private INDArray backward(Forward r, INDArray epsilon) {
        ConvLstm2D conf = config();
        int k = conf.getKernelSize();
        int filters = conf.getFilters();
        int frames = r.h.length;
        long n = epsilon.size(0);
        long outH = epsilon.size(3);
        long outW = epsilon.size(4);

        try (Scratch pass = new Scratch()) {
            INDArray gateGradients = pass.keep(Nd4j.create(dataType, n, frames, 4L * filters, outH, outW));
            INDArray recurrentKernel = kernel(ConvLstm2D.RECURRENT_WEIGHT_KEY);
            INDArray recurrentGradient = gradTable.get(ConvLstm2D.RECURRENT_WEIGHT_KEY);
            recurrentGradient.assign(0);
            INDArray recurrentGradientKhwio = recurrentGradient.permute(2, 3, 1, 0);
            INDArray stepKernelGradient = pass.keep(Nd4j.create(dataType, recurrentKernel.shape()));
            INDArray dhNext = null;
            INDArray dcNext = null;
            for (int t = frames - 1; t >= 0; t--) {
                try (Scratch step = new Scratch()) {
                    INDArray dh = step.keep(epsilon.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t),
                            NDArrayIndex.all(), NDArrayIndex.all()).dup('c'));
                    if (dhNext != null) {
                        dh.addi(dhNext);
                        step.keep(dhNext);
                    }
                    // dc = dh * o * (1 - tanh(c)^2) + dc from the next step
                    INDArray dc = dh.mul(r.o[t]).muli(step.keep(r.tanhC[t].mul(r.tanhC[t])).rsubi(1));
                    if (dcNext != null) {
                        dc.addi(dcNext);
                        step.keep(dcNext);
                    }
                    INDArray dz = gateGradients.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all(),
                            NDArrayIndex.all(), NDArrayIndex.all());
                    // i, f, o: d * s * (1 - s); g: d * (1 - g^2)
                    gate(dz, 0, filters).assign(step.keep(dc.mul(r.g[t])).muli(r.i[t])
                            .muli(step.keep(r.i[t].rsub(1))));
                    if (t > 0) {
                        gate(dz, 1, filters).assign(step.keep(dc.mul(r.c[t - 1])).muli(r.f[t])
                                .muli(step.keep(r.f[t].rsub(1))));
                    } else {
                        gate(dz, 1, filters).assign(0);
                    }
                    gate(dz, 2, filters).assign(step.keep(dc.mul(r.i[t]))
                            .muli(step.keep(r.g[t].mul(r.g[t])).rsubi(1)));
                    gate(dz, 3, filters).assign(step.keep(dh.mul(r.tanhC[t])).muli(r.o[t])
                            .muli(step.keep(r.o[t].rsub(1))));
                    dcNext = dc.muli(r.f[t]);
                    dhNext = null;
                    if (t > 0) {
                        INDArray dhPrevious = Nd4j.create(dataType, r.h[t - 1].shape());
                        conv2dBackprop(r.h[t - 1], recurrentKernel, null, step.keep(dz.dup('c')), dhPrevious,
                                stepKernelGradient, null, k, true);
                        recurrentGradientKhwio.addi(stepKernelGradient);
                        dhNext = dhPrevious;
                    }
                }
            }
            Scratch.release(dcNext);
            Scratch.release(dhNext);

            INDArray stackedGradient = pass.keep(Nd4j.create(dataType, r.stackedInput.shape()));
            INDArray dzAll = gateGradients.reshape('c', n * frames, 4L * filters, outH, outW);
            conv2dBackprop(r.stackedInput, kernel(ConvLstm2D.INPUT_WEIGHT_KEY), paramTable.get(ConvLstm2D.BIAS_KEY),
                    dzAll, stackedGradient, gradTable.get(ConvLstm2D.INPUT_WEIGHT_KEY).permute(2, 3, 1, 0),
                    gradTable.get(ConvLstm2D.BIAS_KEY), k, false);
            long channels = r.stackedInput.size(1);
            return stackedGradient.reshape('c', n, frames, channels, r.stackedInput.size(2), r.stackedInput.size(3))
                    .permute(0, 2, 1, 3, 4).dup('c');
        }
    }

    /** Gate block {@code index} (0 i, 1 f, 2 c, 3 o) of a [N, 4F, H, W] array, as a view. */
    private static INDArray gate(INDArray z, int index, int filters) {
        INDArrayIndex[] idx = {NDArrayIndex.all(), NDArrayIndex.interval((long) index * filters,
                (long) (index + 1) * filters), NDArrayIndex.all(), NDArrayIndex.all()};
        return z.get(idx);
    }

    /** Our OIHW kernel as the [kH, kW, iC, oC] view libnd4j's conv2d expects. */
    private INDArray kernel(String key) {
        return paramTable.get(key).permute(2, 3, 1, 0);
    }

    private static void conv2d(INDArray input, INDArray kernel, INDArray bias, INDArray output, int k, boolean same) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d")
                .addIntegerArguments(k, k, 1, 1, 0, 0, 1, 1, same ? 1 : 0, 0)
                .addOutputs(output);
        if (bias == null) {
            op.addInputs(input, kernel);
        } else {
            op.addInputs(input, kernel, bias);
        }
        Nd4j.exec(op.build());
    }

    private static void conv2dBackprop(INDArray input, INDArray kernel, INDArray bias, INDArray outputGradient,
                                       INDArray inputGradient, INDArray kernelGradient, INDArray biasGradient, int k,
                                       boolean same) {
        DynamicCustomOp.DynamicCustomOpsBuilder op = DynamicCustomOp.builder("conv2d_bp")
                .addIntegerArguments(k, k, 1, 1, 0, 0, 1, 1, same ? 1 : 0, 0);
        if (bias == null) {
            op.addInputs(input, kernel, outputGradient).addOutputs(inputGradient, kernelGradient);
        } else {
            op.addInputs(input, kernel, bias, outputGradient).addOutputs(inputGradient, kernelGradient, biasGradient);
        }
        Nd4j.exec(op.build());
    }
}
