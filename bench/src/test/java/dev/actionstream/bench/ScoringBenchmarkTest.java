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
    void bothEnginesScoreTheSameWindowAlike(String arch) throws Exception {
        ScoringBenchmark bench = new ScoringBenchmark();
        bench.arch = arch;
        bench.batch = 1;
        bench.intraOpThreads = 2;
        bench.spinning = true;
        Path dir = null;
        try {
            bench.setUp();
            dir = bench.exported().dir();
            assertTrue(Files.isRegularFile(dir.resolve("model.onnx")));
            float[][] dl4j = bench.dl4j();
            float[][] ort = bench.onnxruntime();
            assertEquals(1, dl4j.length);
            assertEquals(6, ort[0].length);
            float sum = 0;
            for (int c = 0; c < 6; c++) {
                assertEquals(dl4j[0][c], ort[0][c], 1e-4, "class " + c);
                sum += ort[0][c];
            }
            assertEquals(1.0, sum, 1e-4);
        } finally {
            bench.tearDown();
        }
        assertFalse(Files.exists(dir), "temporary export left behind");
    }

}
