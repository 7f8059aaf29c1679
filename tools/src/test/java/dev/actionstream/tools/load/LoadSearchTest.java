package dev.actionstream.tools.load;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LoadSearchTest {

    /** A machine that keeps up with at most {@code capacity} streams; records which counts were tried. */
    private static final class Machine implements LoadSearch.Trial {
        final int capacity;
        final List<Integer> tried = new ArrayList<>();

        Machine(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public TrialResult run(int streams) {
            tried.add(streams);
            boolean ok = streams <= capacity;
            return new TrialResult(streams, 1, streams * 30.0, ok ? 30 : 20, streams * 30.0, streams * 30L,
                    1, 2, 3, 4, 0, 0, 0, streams * 30L, 1, 1, 0, 0, 500, 1, 50, 1, 10, 0, 0, 1, 0, ok,
                    ok ? "real time" : "slow", null);
        }
    }

    @Test
    void doublesThenBisectsToTheLargestRealTimeCount() throws Exception {
        Machine m = new Machine(11);
        assertEquals(11, LoadSearch.largestRealTime(m, 1, 256));
        assertEquals(List.of(1, 2, 4, 8, 16, 12, 10, 11), m.tried);
    }

    @Test
    void stopsAtTheMaximumWhenEverythingPasses() throws Exception {
        Machine m = new Machine(1_000);
        assertEquals(20, LoadSearch.largestRealTime(m, 5, 20));
        assertEquals(List.of(5, 10, 20), m.tried);
    }

    @Test
    void searchesBelowTheStartWhenTheStartFails() throws Exception {
        Machine m = new Machine(3);
        assertEquals(3, LoadSearch.largestRealTime(m, 8, 64));
        assertEquals(List.of(8, 4, 2, 3), m.tried);
    }

    @Test
    void findsNothingWhenOneStreamIsTooMany() throws Exception {
        assertEquals(0, LoadSearch.largestRealTime(new Machine(0), 1, 64));
    }

    @Test
    void rejectsAnEmptyRange() {
        assertThrows(IllegalArgumentException.class, () -> LoadSearch.largestRealTime(new Machine(1), 4, 2));
    }
}
