package dev.actionstream.runtime.jobs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The trainer's {@code @progress} lines as a job's progress: a bar's fraction, figures kept between lines. */
class JobProgressTest {

    @Test
    void batchAndEpochLinesMoveTheBarAndKeepTheirFigures() {
        JobProgress p = JobProgress.starting("decoding").update("@progress {\"phase\":\"training\"}");
        assertEquals("training", p.phase());
        assertNull(p.epoch());
        p = p.update("@progress {\"phase\":\"training\",\"epoch\":2,\"epochs\":4,\"batch\":1,\"batches\":4,"
                + "\"loss\":0.9,\"accuracy\":0.5,\"etaSeconds\":30.0}");
        assertEquals(0.3125, p.fraction(), 1e-9, "(1 + 1/4) of 4 epochs");
        assertEquals(30.0, p.etaSeconds());
        p = p.update("@progress {\"phase\":\"epoch\",\"epoch\":2,\"epochs\":4,\"loss\":0.8,\"accuracy\":0.6,"
                + "\"valLoss\":null,\"valAccuracy\":0.7,\"seconds\":3.0}");
        assertEquals("training", p.phase());
        assertEquals(0.5, p.fraction(), 1e-9);
        assertNull(p.valLoss(), "JSON null stays absent");
        assertEquals(0.7, p.valAccuracy());
        assertEquals(1, p.batch(), "kept from the batch line");
        p = p.update("@progress {\"phase\":\"written\"}");
        assertEquals(1.0, p.fraction(), 1e-9);
        assertNull(p.etaSeconds());
    }

    @Test
    void otherLinesAndBrokenJsonChangeNothing() {
        JobProgress p = JobProgress.starting("decoding");
        assertSame(p, p.update("epoch 1: loss 0.69"));
        assertSame(p, p.update("@progress {not json"));
        assertSame(p, p.update("@progress {\"epoch\":1}"));
    }
}
