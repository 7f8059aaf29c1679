package dev.actionstream.trainer.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --time-budget}: a spent budget stops the training, but never before its first epoch finished. */
class StopRequestBudgetTest {

    @Test
    void aSpentBudgetStopsOnlyOnceAnEpochFinished() throws InterruptedException {
        StopRequest stop = StopRequest.withBudget(0.001);
        assertFalse(stop.requested(), "decoding is not counted");
        stop.trainingStarted();
        Thread.sleep(5);
        assertFalse(stop.requested(), "no epoch yet: a budget always yields a run");
        stop.epochFinished();
        assertTrue(stop.requested());
        assertTrue(stop.budgetSpent());
    }

    @Test
    void aBudgetNotYetSpentLetsTrainingGoOnAndAnExplicitRequestStillStops() {
        StopRequest stop = StopRequest.withBudget(3600);
        stop.trainingStarted();
        stop.epochFinished();
        assertFalse(stop.requested());
        assertTrue(stop.request(), "a training is under way");
        assertTrue(stop.requested());
        assertFalse(stop.budgetSpent());
    }

    @Test
    void aBudgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> StopRequest.withBudget(0));
        assertThrows(IllegalArgumentException.class, () -> StopRequest.withBudget(Double.NaN));
    }
}
