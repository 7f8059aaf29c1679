package dev.actionstream.exporter.convert;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LstmWeightsTest {

    /** Value at DL4J [row, block*H + unit] encodes (row, block, unit), so every moved element is traceable. */
    private static float code(int row, int block, int unit) {
        return row * 100 + block * 10 + unit;
    }

    @Test
    void reordersDl4jGateBlocksToOnnxOrderAndTransposes() {
        int in = 3;
        int h = 2;
        float[] w = new float[in * 4 * h];
        for (int r = 0; r < in; r++) {
            for (int block = 0; block < 4; block++) {
                for (int u = 0; u < h; u++) {
                    w[r * 4 * h + block * h + u] = code(r, block, u);
                }
            }
        }
        float[] b = new float[4 * h];
        for (int block = 0; block < 4; block++) {
            for (int u = 0; u < h; u++) {
                b[block * h + u] = code(0, block, u);
            }
        }
        LstmWeights onnx = LstmWeights.fromDl4j(Nd4j.create(w, new long[] {in, 4 * h}, 'c'),
                Nd4j.zeros(h, 4 * h), Nd4j.create(b, new long[] {1, 4 * h}, 'c'));

        // DL4J blocks: 0 = block input (c), 1 = forget, 2 = output, 3 = input gate. ONNX wants i, o, f, c.
        int[] dl4jBlockOfOnnxGate = {3, 2, 1, 0};
        for (int gate = 0; gate < 4; gate++) {
            for (int u = 0; u < h; u++) {
                for (int r = 0; r < in; r++) {
                    assertEquals(code(r, dl4jBlockOfOnnxGate[gate], u), onnx.w()[(gate * h + u) * in + r]);
                }
                assertEquals(code(0, dl4jBlockOfOnnxGate[gate], u), onnx.b()[gate * h + u]);
                assertEquals(0f, onnx.b()[4 * h + gate * h + u], "recurrent bias half stays zero");
            }
        }
        assertEquals(in, onnx.inputs());
        assertEquals(h, onnx.hidden());
    }

    @Test
    void rejectsPeepholeShapedWeights() {
        // GravesLSTM keeps three peephole columns in RW: [H, 4H + 3].
        assertThrows(IllegalArgumentException.class,
                () -> LstmWeights.fromDl4j(Nd4j.zeros(3, 8), Nd4j.zeros(2, 11), Nd4j.zeros(1, 8)));
    }
}
