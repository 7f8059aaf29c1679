package dev.actionstream.runtime.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;

import java.util.concurrent.TimeUnit;

/**
 * The cumulative bucket counts of a Micrometer timer's percentile histogram at one moment (Prometheus keeps them
 * for the whole run). Subtracting an earlier snapshot gives the distribution of one interval, e.g. one soak sample;
 * percentiles are reported as the upper bound of the bucket that holds them, so they never understate.
 */
public final class TimerBuckets {

    private final double[] upperMillis;
    private final double[] cumulative;
    private final double count;

    private TimerBuckets(double[] upperMillis, double[] cumulative, double count) {
        this.upperMillis = upperMillis;
        this.cumulative = cumulative;
        this.count = count;
    }

    /** Reads {@code timer}'s histogram; the timer must publish a percentile histogram. */
    public static TimerBuckets of(Timer timer) {
        CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
        double[] upper = new double[buckets.length];
        double[] counts = new double[buckets.length];
        for (int i = 0; i < buckets.length; i++) {
            upper[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
            counts[i] = buckets[i].count();
        }
        return new TimerBuckets(upper, counts, timer.count());
    }

    /** What was recorded after {@code earlier} (a snapshot of the same timer). */
    public TimerBuckets minus(TimerBuckets earlier) {
        if (earlier.upperMillis.length != upperMillis.length) {
            throw new IllegalArgumentException("snapshots of different histograms");
        }
        double[] diff = new double[cumulative.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = cumulative[i] - earlier.cumulative[i];
        }
        return new TimerBuckets(upperMillis, diff, count - earlier.count);
    }

    /** Values recorded. */
    public long count() {
        return Math.round(count);
    }

    /**
     * Upper bound (ms) of the bucket holding the {@code p} quantile; NaN when nothing was recorded, infinity when it
     * lies beyond the largest bucket.
     */
    public double percentileMillis(double p) {
        if (p <= 0 || p > 1) {
            throw new IllegalArgumentException("percentile must be in (0, 1], got " + p);
        }
        if (count <= 0) {
            return Double.NaN;
        }
        double rank = Math.ceil(p * count);
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] >= rank) {
                return upperMillis[i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
