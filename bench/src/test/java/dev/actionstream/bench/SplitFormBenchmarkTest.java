package dev.actionstream.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SplitFormBenchmarkTest {

    @Test
    void splitAndOnePieceGiveTheSameProbabilitiesOnceTheHistoryIsFull() throws Exception {
        SplitFormBenchmark bench = new SplitFormBenchmark();
        bench.threads = 1;
        bench.spinning = false;
        try {
            bench.setUp();
            // A stride-1 stream of 20 frames: both paths then score the same full window.
            for (int i = 0; i < 20; i++) {
                bench.onePiece();
                bench.split();
            }
            float[][] p = bench.lastProbabilities();
            assertEquals(6, p[0].length);
            assertArrayEquals(p[0], p[1], 1e-4f);
            float sum = 0;
            for (float v : p[1]) {
                sum += v;
            }
            assertEquals(1.0f, sum, 1e-4f);
        } finally {
            bench.tearDown();
        }
    }
}
