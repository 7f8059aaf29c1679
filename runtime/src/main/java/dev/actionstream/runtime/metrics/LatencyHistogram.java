package dev.actionstream.runtime.metrics;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed, preallocated log-linear histogram of latencies in microseconds: exact below 64 µs, then 32 buckets per
 * power of two (at most 1/32 ≈ 3 % relative error), up to about 4.7 hours. Recording is one atomic increment and
 * allocates nothing, so the scoring thread can record every window; readers take {@link #snapshot}s and subtract
 * them to get the percentiles of an interval (e.g. a benchmark's measurement phase without its warm-up).
 */
public final class LatencyHistogram {

    private static final int EXACT = 64;
    private static final int SUB_BUCKETS = 32;
    private static final int SUB_BITS = 5;
    private static final int MAX_BIT = 34;
    static final int BUCKETS = EXACT + (MAX_BIT - 6 + 1) * SUB_BUCKETS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long nanos) {
        long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos));
        counts.incrementAndGet(index(micros));
    }

    static int index(long micros) {
        if (micros < EXACT) {
            return (int) micros;
        }
        int bit = Math.min(63 - Long.numberOfLeadingZeros(micros), MAX_BIT);
        long top = bit == MAX_BIT && micros >= (1L << (MAX_BIT + 1)) ? (SUB_BUCKETS * 2 - 1)
                : micros >> (bit - SUB_BITS);
        return EXACT + (bit - 6) * SUB_BUCKETS + (int) (top - SUB_BUCKETS);
    }

    /** Smallest value (µs) that falls into bucket {@code index}. */
    static long lowerBound(int index) {
        if (index < EXACT) {
            return index;
        }
        int bit = (index - EXACT) / SUB_BUCKETS + 6;
        long top = (index - EXACT) % SUB_BUCKETS + SUB_BUCKETS;
        return top << (bit - SUB_BITS);
    }

    /** Copies the current counts (allocates: for readers, not the recording thread). */
    public Snapshot snapshot() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.get(i);
        }
        return new Snapshot(copy);
    }

    /** Counts at one moment; {@link #minus} gives the values recorded between two snapshots. */
    public static final class Snapshot {

        private final long[] counts;
        private final long total;

        Snapshot(long[] counts) {
            this.counts = counts;
            long sum = 0;
            for (long c : counts) {
                sum += c;
            }
            this.total = sum;
        }

        public Snapshot minus(Snapshot earlier) {
            long[] diff = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) {
                diff[i] = counts[i] - earlier.counts[i];
            }
            return new Snapshot(diff);
        }

        public long count() {
            return total;
        }

        /**
         * The value below which a fraction {@code p} of the recorded values lie, in milliseconds: the midpoint of
         * the bucket holding that rank; NaN when nothing was recorded.
         */
        public double percentileMillis(double p) {
            if (p < 0 || p > 1) {
                throw new IllegalArgumentException("percentile must be in [0, 1], got " + p);
            }
            if (total == 0) {
                return Double.NaN;
            }
            long rank = Math.max(1, (long) Math.ceil(p * total));
            long seen = 0;
            for (int i = 0; i < BUCKETS; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    long low = lowerBound(i);
                    long high = i + 1 < BUCKETS ? lowerBound(i + 1) : low + 1;
                    return (low + high - 1) / 2.0 / 1_000.0;
                }
            }
            return Double.NaN;
        }

        /** Upper bound (ms) of the highest non-empty bucket; NaN when empty. */
        public double maxMillis() {
            for (int i = BUCKETS - 1; i >= 0; i--) {
                if (counts[i] > 0) {
                    return (i + 1 < BUCKETS ? lowerBound(i + 1) : lowerBound(i) + 1) / 1_000.0;
                }
            }
            return Double.NaN;
        }
    }
}
