package dev.actionstream.bench;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoringBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {"lrcn", "convlstm"})
    void bothEnginesAndTheRuntimesScorerScoreTheSameWindowsAlike(String arch) throws Exception {
        ScoringBenchmark bench = new ScoringBenchmark();
        bench.arch = arch;
        // Two windows, so that the runtime's scorer splits the batch into parallel runs on a multi-core machine.
        bench.batch = 2;
        bench.intraOpThreads = 2;
        bench.spinning = true;
        Path dir = null;
        try {
            bench.setUp();
            dir = bench.exported().dir();
            assertTrue(Files.isRegularFile(dir.resolve("model.onnx")));
            float[][] dl4j = bench.dl4j();
            float[][] ort = bench.onnxruntime();
            float[][] runtime = bench.runtime();
            assertEquals(2, dl4j.length);
            assertEquals(2, runtime.length);
            for (int w = 0; w < 2; w++) {
                assertEquals(6, ort[w].length);
                float sum = 0;
                for (int c = 0; c < 6; c++) {
                    assertEquals(dl4j[w][c], ort[w][c], 1e-4, "window " + w + ", class " + c);
                    assertEquals(ort[w][c], runtime[w][c], 1e-6, "runtime scorer, window " + w + ", class " + c);
                    sum += ort[w][c];
                }
                assertEquals(1.0, sum, 1e-4);
            }
        } finally {
            bench.tearDown();
        }
        assertFalse(Files.exists(dir), "temporary export left behind");
    }

}
