package dev.actionstream.trainer.model;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvLstm2DTest {

    private static final int N = 2;
    private static final int C = 2;
    private static final int T = 3;
    private static final int H = 5;
    private static final int W = 4;
    private static final int F = 2;
    private static final int K = 3;

    @Test
    void backwardPassOfStackedLayersMatchesNumericalGradients() {
        Nd4j.getRandom().setSeed(12345);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.DOUBLE)
                .updater(new NoOp())
                .list()
                .layer(ConvLstm2D.builder(2, K).build())
                .layer(ConvLstm2D.builder(1, K).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, 2, H + 2, W + 2, 1))
                .build());
        net.init();
        INDArray input = Nd4j.rand(DataType.DOUBLE, N, 1, 2, H + 2, W + 2).subi(0.5);
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, N, 3);
        labels.putScalar(0, 1, 1.0);
        labels.putScalar(1, 2, 1.0);

        DataType previous = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        boolean ok;
        try {
            ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                    .net(net).input(input).labels(labels)
                    .epsilon(1e-6).maxRelError(2e-3).minAbsoluteError(1e-8)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        } finally {
            Nd4j.setDefaultDataTypes(previous, previous);
        }

        assertTrue(ok, "ConvLSTM analytic gradients differ from numerical ones");
    }

    @Test
    void forwardPassFollowsKerasEquations() {
        MultiLayerNetwork net = tinyNetwork(DataType.DOUBLE);
        Random random = new Random(3);
        INDArray w = net.getLayer(0).getParam(ConvLstm2D.INPUT_WEIGHT_KEY);
        INDArray rw = net.getLayer(0).getParam(ConvLstm2D.RECURRENT_WEIGHT_KEY);
        INDArray b = net.getLayer(0).getParam(ConvLstm2D.BIAS_KEY);
        fill(w, random);
        fill(rw, random);
        fill(b, random);
        INDArray input = Nd4j.rand(DataType.DOUBLE, N, C, T, H, W);

        INDArray actual = net.feedForward(input, false).get(1);
        double[][][][][] expected = reference(input, w, rw, b);

        assertArrayEquals(new long[] {N, F, T, H - K + 1, W - K + 1}, actual.shape());
        for (int n = 0; n < N; n++) {
            for (int f = 0; f < F; f++) {
                for (int t = 0; t < T; t++) {
                    for (int y = 0; y < H - K + 1; y++) {
                        for (int x = 0; x < W - K + 1; x++) {
                            assertEquals(expected[n][f][t][y][x], actual.getDouble(n, f, t, y, x), 1e-9,
                                    "at n=" + n + " f=" + f + " t=" + t + " y=" + y + " x=" + x);
                        }
                    }
                }
            }
        }
    }

    /** Straight loops over the documented equations and parameter layout. */
    private static double[][][][][] reference(INDArray in, INDArray w, INDArray rw, INDArray b) {
        int oh = H - K + 1;
        int ow = W - K + 1;
        double[][][][][] out = new double[N][F][T][oh][ow];
        for (int n = 0; n < N; n++) {
            double[][][] h = new double[F][oh][ow];
            double[][][] c = new double[F][oh][ow];
            for (int t = 0; t < T; t++) {
                double[][][] z = new double[4 * F][oh][ow];
                for (int o = 0; o < 4 * F; o++) {
                    for (int y = 0; y < oh; y++) {
                        for (int x = 0; x < ow; x++) {
                            double s = b.getDouble(o);
                            for (int ci = 0; ci < C; ci++) {
                                for (int ky = 0; ky < K; ky++) {
                                    for (int kx = 0; kx < K; kx++) {
                                        s += w.getDouble(o, ci, ky, kx) * in.getDouble(n, ci, t, y + ky, x + kx);
                                    }
                                }
                            }
                            // 'same' recurrent convolution: zero padding of K/2 around h.
                            for (int hf = 0; hf < F; hf++) {
                                for (int ky = 0; ky < K; ky++) {
                                    for (int kx = 0; kx < K; kx++) {
                                        int yy = y + ky - K / 2;
                                        int xx = x + kx - K / 2;
                                        if (yy >= 0 && yy < oh && xx >= 0 && xx < ow) {
                                            s += rw.getDouble(o, hf, ky, kx) * h[hf][yy][xx];
                                        }
                                    }
                                }
                            }
                            z[o][y][x] = s;
                        }
                    }
                }
                for (int f = 0; f < F; f++) {
                    for (int y = 0; y < oh; y++) {
                        for (int x = 0; x < ow; x++) {
                            double i = sigmoid(z[f][y][x]);
                            double fg = sigmoid(z[F + f][y][x]);
                            double g = Math.tanh(z[2 * F + f][y][x]);
                            double o = sigmoid(z[3 * F + f][y][x]);
                            c[f][y][x] = fg * c[f][y][x] + i * g;
                            h[f][y][x] = o * Math.tanh(c[f][y][x]);
                            out[n][f][t][y][x] = h[f][y][x];
                        }
                    }
                }
            }
        }
        return out;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    private static void fill(INDArray a, Random random) {
        long n = a.length();
        for (long i = 0; i < n; i++) {
            a.putScalar(i, random.nextGaussian() * 0.5);
        }
    }

    private static MultiLayerNetwork tinyNetwork(DataType dataType) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(dataType)
                .updater(new NoOp())
                .list()
                .layer(ConvLstm2D.builder(F, K).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, T, H, W, C))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
