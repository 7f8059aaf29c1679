package dev.actionstream.runtime.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatencyHistogramTest {

    @Test
    void percentilesOfAnIntervalExcludeWhatCameBefore() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 1_000; i++) {
            h.record(5_000_000_000L); // 5 s each, before the interval
        }
        LatencyHistogram.Snapshot before = h.snapshot();
        for (int ms = 1; ms <= 100; ms++) {
            h.record(ms * 1_000_000L);
        }
        LatencyHistogram.Snapshot interval = h.snapshot().minus(before);
        assertEquals(100, interval.count());
        assertEquals(50, interval.percentileMillis(0.5), 50 * 0.035);
        assertEquals(95, interval.percentileMillis(0.95), 95 * 0.035);
        assertEquals(99, interval.percentileMillis(0.99), 99 * 0.035);
        assertTrue(interval.maxMillis() >= 100 && interval.maxMillis() <= 100 * 1.035, "max " + interval.maxMillis());
    }

    @Test
    void bucketsAreExactBelow64MicrosAndWithin3PercentAbove() {
        for (long micros = 0; micros < 64; micros++) {
            assertEquals(micros, LatencyHistogram.lowerBound(LatencyHistogram.index(micros)));
        }
        for (long micros = 64; micros < 20_000_000_000L; micros = micros * 3 / 2 + 7) {
            int i = LatencyHistogram.index(micros);
            long low = LatencyHistogram.lowerBound(i);
            long high = LatencyHistogram.lowerBound(i + 1);
            assertTrue(low <= micros && micros < high, micros + " not in [" + low + ", " + high + ")");
            assertTrue(high - low <= Math.max(1, low / 32), "bucket too wide at " + micros);
        }
    }

    @Test
    void clampsHugeAndNegativeValuesIntoTheEndBuckets() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(-5);
        h.record(Long.MAX_VALUE);
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(2, s.count());
        assertEquals(0, s.percentileMillis(0.5), 0.0);
        assertTrue(s.percentileMillis(1.0) > 10_000_000, "max bucket " + s.percentileMillis(1.0));
        assertEquals(Double.NaN, new LatencyHistogram().snapshot().percentileMillis(0.5));
    }
}
