package dev.actionstream.trainer.predict;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PredictionTest {

    @Test
    void topKIsSortedByConfidenceAndCappedAtTheNumberOfClasses() {
        List<String> labels = List.of("a", "b", "c", "d");
        float[] p = {0.1f, 0.4f, 0.2f, 0.3f};

        assertEquals(List.of(new Prediction("b", 0.4f), new Prediction("d", 0.3f)), Prediction.top(p, labels, 2));
        assertEquals(4, Prediction.top(p, labels, 10).size());
        assertThrows(IllegalArgumentException.class, () -> Prediction.top(p, labels, 0));
        assertThrows(IllegalArgumentException.class, () -> Prediction.top(new float[3], labels, 1));
    }
}
