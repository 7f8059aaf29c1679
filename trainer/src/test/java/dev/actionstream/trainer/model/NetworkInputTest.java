package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkInputTest {

    private static final ModelSpec CONVLSTM = TestSpecs.spec(Architecture.CONVLSTM, 2, 3, 4, 2);
    private static final ModelSpec LRCN = TestSpecs.spec(Architecture.LRCN, 2, 3, 4, 2);

    /** Window value at [t][c][y][x] encodes its own coordinates. */
    private static float[] coded(int n) {
        float[] w = new float[2 * 3 * 3 * 4];
        int i = 0;
        for (int t = 0; t < 2; t++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        w[i++] = n * 10000 + t * 1000 + c * 100 + y * 10 + x;
                    }
                }
            }
        }
        return w;
    }

    @Test
    void convLstmInputIsNcdhwWithTimeAsDepth() {
        INDArray in = NetworkInput.of(Architecture.CONVLSTM, List.of(coded(0), coded(1)), CONVLSTM);

        assertArrayEquals(new long[] {2, 3, 2, 3, 4}, in.shape());
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int t = 0; t < 2; t++) {
                    assertEquals(n * 10000 + t * 1000 + c * 100 + 2 * 10 + 3, in.getFloat(n, c, t, 2, 3), 0f);
                }
            }
        }
    }

    @Test
    void lrcnInputIsTheWindowWithEachFrameFlattened() {
        INDArray in = NetworkInput.of(Architecture.LRCN, List.of(coded(0), coded(1)), LRCN);

        assertArrayEquals(new long[] {2, 2, 36}, in.shape());
        assertEquals(10000 + 1000 + 2 * 100 + 10 + 2, in.getFloat(1, 1, 2 * 12 + 1 * 4 + 2), 0f);
    }

    @Test
    void wrongWindowSizeIsRejectedWithTheExpectedGeometry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkInput.of(Architecture.LRCN, List.of(new float[5]), LRCN));

        assertTrue(e.getMessage().contains("expected 72 floats (2x3x3x4), got 5"), e.getMessage());
    }
}
