package dev.actionstream.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSpecTest {

    static ModelSpec spec() {
        return new ModelSpec("lrcn-synthetic", "3", Architecture.LRCN, List.of("boxing", "walking"), 20, 64, 64, 3,
                ChannelOrder.BGR, Normalisation.unit(), "data/synthetic", "2026-11-26T10:00:00Z");
    }

    @Test
    void roundTripsThroughJson() {
        ModelSpec s = spec();
        assertEquals(s, ModelSpec.fromJson(s.toJson()));
        assertEquals(20 * 3 * 64 * 64, s.windowSize());
        assertArrayEquals(new long[] {-1, 20, 3, 64, 64}, s.inputShape());
    }

    @Test
    void rejectsDuplicateLabelsAndNonsenseGeometry() {
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("m", "1", Architecture.LRCN,
                List.of("a", "a"), 20, 64, 64, 3, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("m", "1", Architecture.LRCN,
                List.of("a", "b"), 0, 64, 64, 3, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec("m", "1", Architecture.LRCN,
                List.of("a", "b"), 20, 64, 64, 2, null, null, null, null));
    }

    @Test
    void invalidJsonNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.fromJson(spec().toJson().replace("\"labels\"", "\"classes\"")));
        assertTrue(e.getMessage().contains("labels"), e.getMessage());
    }
}
