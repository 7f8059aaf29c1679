package dev.actionstream.runtime.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerBucketsTest {

    @Test
    void percentilesOfAnIntervalIgnoreWhatWasRecordedBefore() {
        RuntimeMetrics metrics = new RuntimeMetrics();
        for (int i = 0; i < 100; i++) {
            metrics.eventLatency().record(Duration.ofMillis(900));
        }
        TimerBuckets before = TimerBuckets.of(metrics.eventLatency());
        for (int i = 0; i < 99; i++) {
            metrics.eventLatency().record(Duration.ofMillis(3));
        }
        metrics.eventLatency().record(Duration.ofMillis(40));
        TimerBuckets interval = TimerBuckets.of(metrics.eventLatency()).minus(before);

        assertEquals(100, interval.count());
        double p50 = interval.percentileMillis(0.5);
        assertTrue(p50 >= 3 && p50 < 5, "p50 bucket above 3 ms: " + p50);
        double p100 = interval.percentileMillis(1.0);
        assertTrue(p100 >= 40 && p100 < 60, "max bucket above 40 ms: " + p100);
        double whole = TimerBuckets.of(metrics.eventLatency()).percentileMillis(0.99);
        assertTrue(whole >= 900, "the whole run still has the slow half: " + whole);
    }

    @Test
    void anEmptyIntervalHasNoPercentiles() {
        RuntimeMetrics metrics = new RuntimeMetrics();
        TimerBuckets now = TimerBuckets.of(metrics.eventLatency());
        assertTrue(Double.isNaN(now.minus(now).percentileMillis(0.99)));
    }
}
