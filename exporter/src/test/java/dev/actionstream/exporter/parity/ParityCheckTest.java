package dev.actionstream.exporter.parity;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.exporter.ExportResult;
import dev.actionstream.exporter.ModelExporter;
import dev.actionstream.exporter.TestFixtures;
import dev.actionstream.trainer.model.NetworkOutput;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParityCheckTest {

    @TempDir
    Path dir;

    /**
     * The check must be able to fail: the same architecture with other weights is caught, and the test windows
     * move the probabilities by far more than the tolerance (so agreement within it is not trivial).
     */
    @ParameterizedTest
    @CsvSource({"CONVLSTM", "LRCN"})
    void rejectsAModelOfOtherWeights(Architecture architecture) {
        ModelSpec spec = TestFixtures.spec(architecture, 4, 16, 16);
        MultiLayerNetwork exported = TestFixtures.small(spec, 7);
        MultiLayerNetwork other = TestFixtures.small(spec, 8);
        Path out = dir.resolve("model.onnx");
        new ModelExporter(new PrintWriter(System.out, true)).export(exported, spec, "r", out, false, List.of(), 2, 1);
        List<float[]> windows = ParityCheck.randomWindows(spec, 6, 4);

        float[][] probabilities = NetworkOutput.predict(exported, spec, windows);
        float spread = 0;
        for (int c = 0; c < spec.numClasses(); c++) {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float[] p : probabilities) {
                min = Math.min(min, p[c]);
                max = Math.max(max, p[c]);
            }
            spread = Math.max(spread, max - min);
        }
        System.out.println(architecture + " probabilities over 6 random windows vary by up to " + spread
                + ", e.g. " + Arrays.toString(probabilities[0]));
        assertTrue(spread > 10 * ParityCheck.TOLERANCE, "probabilities hardly depend on the input: " + spread);

        ParityReport report = new ParityCheck(other, spec).fullModel(out, windows);

        assertFalse(report.passed(ParityCheck.TOLERANCE), report.toString());
        assertTrue(report.maxAbsDiff() > ParityCheck.TOLERANCE, report.toString());
    }
}
