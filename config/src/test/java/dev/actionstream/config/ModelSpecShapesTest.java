package dev.actionstream.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelSpecShapesTest {

    @Test
    void shouldGiveEachFormsTensorShapeForABatch() {
        ModelSpec s = ModelSpecTest.spec();
        assertArrayEquals(new long[] {4, 20, 3, 64, 64}, s.windowShape(4));
        assertArrayEquals(new long[] {-1, 3, 64, 64}, s.frameShape(ModelSpec.DYNAMIC_BATCH));
        assertArrayEquals(new long[] {2, 20, 32}, s.featureWindowShape(2, 32));
        assertArrayEquals(new long[] {2, 2}, s.probabilitiesShape(2));
    }

    @Test
    void shouldShareFramePreparationRegardlessOfWindowAndLabels() {
        ModelSpec s = ModelSpecTest.spec();
        ModelSpec longerWindow = new ModelSpec("other", "1", Architecture.CONVLSTM, List.of("a", "b", "c"), 30, 64, 64,
                3, ChannelOrder.BGR, Normalisation.unit(), "", "");
        ModelSpec rgb = new ModelSpec("other", "1", Architecture.LRCN, s.labels(), 20, 64, 64, 3, ChannelOrder.RGB,
                Normalisation.unit(), "", "");
        ModelSpec smaller = new ModelSpec("other", "1", Architecture.LRCN, s.labels(), 20, 32, 64, 3,
                ChannelOrder.BGR, Normalisation.unit(), "", "");
        assertTrue(s.samePreparation(longerWindow));
        assertFalse(s.samePreparation(rgb));
        assertFalse(s.samePreparation(smaller));
    }
}
