package dev.actionstream.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntervalSamplerTest {

    /** Indices of the frames taken from {@code n} frames at {@code fps}. */
    private static List<Integer> taken(IntervalSampler sampler, double fps, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (sampler.take(Math.round(i * 1e6 / fps))) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void anIntervalOfTwoFrameStepsAt25FpsTakesEverySecondFrame() {
        assertEquals(List.of(0, 2, 4, 6, 8), taken(new IntervalSampler(80_000), 25, 10));
    }

    @Test
    void theSameIntervalAt50FpsTakesEveryFourthFrame() {
        assertEquals(List.of(0, 4, 8, 12, 16), taken(new IntervalSampler(80_000), 50, 20));
    }

    @Test
    void zeroIntervalTakesEveryFrame() {
        assertEquals(List.of(0, 1, 2, 3), taken(new IntervalSampler(0), 25, 4));
    }

    @Test
    void aRateThatDoesNotDivideKeepsTheIntervalOnAverage() {
        IntervalSampler sampler = new IntervalSampler(80_000);
        List<Integer> at30 = taken(sampler, 30, 301);
        // 10 s at one frame per 80 ms: 125 frames (plus the first), each the frame nearest its due time.
        assertEquals(126, at30.size(), at30.toString());
        assertEquals(80_000, sampler.takenIntervalMicros(), 3_000);
    }

    @Test
    void aStreamSlowerThanTheIntervalGivesEveryFrame() {
        IntervalSampler sampler = new IntervalSampler(40_000);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), taken(sampler, 12, 6));
        assertEquals(1e6 / 12, sampler.takenIntervalMicros(), 1);
    }

    @Test
    void timeRunningBackwardsRestartsTheGridAtThatFrame() {
        IntervalSampler sampler = new IntervalSampler(80_000);
        taken(sampler, 25, 7); // last taken: frame 6 at 240 ms, next due 320 ms
        assertTrue(sampler.take(0), "a looped file's first frame starts a new window grid");
        assertEquals(false, sampler.take(40_000));
        assertTrue(sampler.take(80_000));
    }

    @Test
    void dropsThatSkipAWholeIntervalRestartTheGrid() {
        IntervalSampler sampler = new IntervalSampler(80_000);
        assertTrue(sampler.take(0));
        assertTrue(sampler.take(200_000), "the first frame after a gap is taken");
        assertEquals(false, sampler.take(240_000));
        assertTrue(sampler.take(280_000));
    }
}
