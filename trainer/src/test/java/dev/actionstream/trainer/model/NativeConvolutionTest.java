package dev.actionstream.trainer.model;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeConvolutionTest {

    private static final int N = 3;
    private static final int C = 2;
    private static final int H = 9;
    private static final int W = 7;

    @Test
    void outputsAndTrainedWeightsEqualDl4jsOwnConvolutionLayer() {
        for (ConvolutionMode mode : new ConvolutionMode[] {ConvolutionMode.Same, ConvolutionMode.Truncate}) {
            MultiLayerNetwork reference = network(b -> b.build(), mode, DataType.DOUBLE, new Sgd(0.1));
            MultiLayerNetwork candidate = network(NativeConvolution::of, mode, DataType.DOUBLE, new Sgd(0.1));
            candidate.setParams(reference.params().dup());
            INDArray input = Nd4j.rand(DataType.DOUBLE, N, C, H, W).subi(0.5);
            INDArray labels = labels(DataType.DOUBLE);

            assertEquals(0, maxDifference(reference.output(input), candidate.output(input)), 1e-12, mode + " output");
            for (int step = 0; step < 3; step++) {
                reference.fit(new DataSet(input, labels));
                candidate.fit(new DataSet(input, labels));
            }
            assertEquals(0, maxDifference(reference.params(), candidate.params()), 1e-10,
                    mode + ": parameters after three SGD steps");
            assertEquals(reference.score(), candidate.score(), 1e-10, mode + " loss");
        }
    }

    @Test
    void backwardPassMatchesNumericalGradients() {
        MultiLayerNetwork net = network(NativeConvolution::of, ConvolutionMode.Same, DataType.DOUBLE, new NoOp());
        Nd4j.getRandom().setSeed(7);
        INDArray input = Nd4j.rand(DataType.DOUBLE, N, C, H, W).subi(0.5);
        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        boolean ok;
        try {
            ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                    .net(net).input(input).labels(labels(DataType.DOUBLE))
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }
        assertTrue(ok, "analytic gradients differ from numerical ones");
    }

    @Test
    void survivesDl4jsJsonRoundTrip() {
        MultiLayerNetwork net = network(NativeConvolution::of, ConvolutionMode.Same, DataType.FLOAT, new NoOp());
        MultiLayerConfiguration copy = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertInstanceOf(NativeConvolution.class, copy.getConf(0).getLayer());
        assertEquals(net.getLayerWiseConfigurations(), copy);
    }

    private static MultiLayerNetwork network(Function<ConvolutionLayer.Builder, ConvolutionLayer> conv,
                                             ConvolutionMode mode, DataType dataType,
                                             org.nd4j.linalg.learning.config.IUpdater updater) {
        Layer first = conv.apply(new ConvolutionLayer.Builder(3, 3).nOut(4).convolutionMode(mode)
                .activation(Activation.RELU));
        Layer second = conv.apply(new ConvolutionLayer.Builder(3, 3).nOut(3).stride(2, 2).convolutionMode(mode)
                .activation(Activation.TANH));
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(dataType)
                .updater(updater)
                .list()
                .layer(first)
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(1, 1).build())
                .layer(second)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(H, W, C))
                .build());
        net.init();
        return net;
    }

    private static INDArray labels(DataType dataType) {
        INDArray labels = Nd4j.zeros(dataType, N, 3);
        for (int i = 0; i < N; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        return labels;
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
