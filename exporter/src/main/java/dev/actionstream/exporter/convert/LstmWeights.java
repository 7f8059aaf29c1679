package dev.actionstream.exporter.convert;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * DL4J LSTM parameters rearranged for the ONNX {@code LSTM} operator.
 *
 * <p>DL4J (LSTMHelpers) keeps input weights {@code [I, 4H]}, recurrent weights {@code [H, 4H]} and bias {@code [4H]}
 * with gate blocks in the order <em>block input (c), forget (f), output (o), input gate (i)</em>. ONNX wants
 * {@code W [1, 4H, I]}, {@code R [1, 4H, H]}, {@code B [1, 8H]} (input bias then recurrent bias) with gates
 * <em>i, o, f, c</em>. The forget-gate bias is an ordinary trained parameter in DL4J (its init value is all that
 * "forgetGateBiasInit" changes), so it moves like any other bias; ONNX's recurrent bias half is zero.
 */
record LstmWeights(int inputs, int hidden, float[] w, float[] r, float[] b) {

    /** For each ONNX gate (i, o, f, c), the DL4J block holding it. */
    private static final int[] DL4J_BLOCK = {3, 2, 1, 0};

    static LstmWeights fromDl4j(INDArray inputWeights, INDArray recurrentWeights, INDArray bias) {
        int in = (int) inputWeights.size(0);
        int h = (int) recurrentWeights.size(0);
        if (inputWeights.size(1) != 4L * h || recurrentWeights.size(1) != 4L * h || bias.length() != 4L * h) {
            throw new IllegalArgumentException("LSTM parameter shapes do not match: W " + Arrays.toString(inputWeights.shape())
                    + ", RW " + Arrays.toString(recurrentWeights.shape()) + ", b " + Arrays.toString(bias.shape())
                    + " (peephole LSTMs are not supported)");
        }
        float[] wd = NetworkConverter.floats(inputWeights);
        float[] rd = NetworkConverter.floats(recurrentWeights);
        float[] bd = NetworkConverter.floats(bias);
        return new LstmWeights(in, h, transposeGates(wd, in, h), transposeGates(rd, h, h), biases(bd, h));
    }

    /** {@code src [rows, 4H]} in DL4J gate order → {@code [4H, rows]} in ONNX gate order. */
    private static float[] transposeGates(float[] src, int rows, int h) {
        float[] dst = new float[4 * h * rows];
        for (int gate = 0; gate < 4; gate++) {
            int srcCol = DL4J_BLOCK[gate] * h;
            for (int u = 0; u < h; u++) {
                int dstRow = (gate * h + u) * rows;
                for (int k = 0; k < rows; k++) {
                    dst[dstRow + k] = src[k * 4 * h + srcCol + u];
                }
            }
        }
        return dst;
    }

    private static float[] biases(float[] src, int h) {
        float[] dst = new float[8 * h];
        for (int gate = 0; gate < 4; gate++) {
            System.arraycopy(src, DL4J_BLOCK[gate] * h, dst, gate * h, h);
        }
        return dst;
    }
}
