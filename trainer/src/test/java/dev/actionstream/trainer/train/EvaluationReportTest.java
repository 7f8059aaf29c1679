package dev.actionstream.trainer.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EvaluationReportTest {

    @TempDir
    Path dir;

    @Test
    void metricsFollowFromTheConfusionMatrix() throws Exception {
        // actual rows, predicted columns
        int[][] confusion = {{3, 1, 0}, {0, 2, 2}, {0, 0, 0}};

        EvaluationReport r = EvaluationReport.of("test", List.of("a", "b", "c"), confusion, 8 * 0.5);

        assertEquals(8, r.windows());
        assertEquals(5.0 / 8, r.accuracy(), 1e-12);
        assertEquals(0.5, r.loss(), 1e-12);
        EvaluationReport.ClassMetrics a = r.perClass().get(0);
        assertEquals(1.0, a.precision(), 1e-12);
        assertEquals(0.75, a.recall(), 1e-12);
        assertEquals(2 * 0.75 / 1.75, a.f1(), 1e-12);
        EvaluationReport.ClassMetrics b = r.perClass().get(1);
        assertEquals(2.0 / 3, b.precision(), 1e-12);
        assertEquals(0.5, b.recall(), 1e-12);
        EvaluationReport.ClassMetrics c = r.perClass().get(2);
        assertEquals(0, c.precision());
        assertEquals(0, c.support());
        assertEquals((1.0 + 2.0 / 3 + 0) / 3, r.macro().precision(), 1e-12);

        r.write(dir.resolve("e.json"));
        assertEquals(r, EvaluationReport.read(dir.resolve("e.json")));
    }

    @Test
    void anEmptySplitCannotBeEvaluated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluationReport.of("test", List.of("a", "b"), new int[2][2], 0));
        assertEquals("the test split has no windows to evaluate", e.getMessage());
    }
}
