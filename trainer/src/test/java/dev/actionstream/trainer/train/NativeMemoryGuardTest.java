package dev.actionstream.trainer.train;

import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeMemoryGuardTest {

    private static final long MB = 1024L * 1024;

    @Test
    void freesUnreachableNativeArraysWhenOverBudget() {
        Nd4j.create(DataType.FLOAT, 1);
        System.gc();
        long budget = Pointer.physicalBytes() + 100 * MB;
        for (int i = 0; i < 6; i++) {
            // 64 MB each, written so the pages are resident, then dropped without close().
            Nd4j.create(DataType.FLOAT, 16 * MB).assign(1);
        }
        assertTrue(Pointer.physicalBytes() > budget, "the dropped arrays should be resident before the check");
        NativeMemoryGuard guard = new NativeMemoryGuard(budget, Pointer::physicalBytes);

        guard.afterBatch();

        assertEquals(1, guard.collections());
        assertTrue(Pointer.physicalBytes() <= budget, "resident " + (Pointer.physicalBytes() >> 20)
                + " MB after the collection, budget " + (budget >> 20) + " MB");
    }

    @Test
    void doesNothingUnderBudget() {
        NativeMemoryGuard guard = new NativeMemoryGuard(1000, () -> 1000);

        guard.afterBatch();
        guard.afterBatch();

        assertEquals(0, guard.collections());
    }

    @Test
    void aWorkingSetOverBudgetCostsOneCollectionPerTenthOfGrowth() {
        long[] resident = {2000};
        NativeMemoryGuard guard = new NativeMemoryGuard(1000, () -> resident[0], 0);

        guard.afterBatch();
        guard.afterBatch();
        resident[0] = 2099;
        guard.afterBatch();
        assertEquals(1, guard.collections(), "nothing was freed, so the next collection waits for growth");

        resident[0] = 2101;
        guard.afterBatch();
        assertEquals(2, guard.collections());
    }

    @Test
    void rejectsAnEmptyBudget() {
        assertThrows(IllegalArgumentException.class, () -> new NativeMemoryGuard(0, () -> 0));
    }

    @Test
    void defaultBudgetIsTheHeapPlusNativeHeadroomAndLeavesAFifthOfTheMachine() {
        long gib = 1L << 30;

        assertEquals(6 * gib + 4 * gib, NativeMemoryGuard.budget(0, 6 * gib, 24 * gib));
        assertEquals(24 * gib / 10 * 8, NativeMemoryGuard.budget(0, 16 * gib, 24 * gib));
        assertEquals(8 * gib, NativeMemoryGuard.budget(8 * gib, 6 * gib, 24 * gib), "a configured budget wins");
        assertEquals(10 * gib, NativeMemoryGuard.budget(0, 6 * gib, 0), "machine size unknown");
        assertTrue(NativeMemoryGuard.forThisMachine().budgetBytes() <= Pointer.totalPhysicalBytes() / 10 * 8);
    }
}
