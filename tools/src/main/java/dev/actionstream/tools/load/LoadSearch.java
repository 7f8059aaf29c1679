package dev.actionstream.tools.load;

/**
 * Finds the largest number of streams that stays real time: doubling from {@code start} until a trial fails (or
 * {@code max} passes), then bisection between the last pass and the first failure. Assumes that more streams never
 * make it easier, so it runs about {@code 2 log2(N)} trials.
 */
public final class LoadSearch {

    /** Runs one trial with {@code streams} streams. */
    @FunctionalInterface
    public interface Trial {
        TrialResult run(int streams) throws Exception;
    }

    private LoadSearch() {
    }

    /** @return the largest real-time stream count; 0 when not even one stream is */
    public static int largestRealTime(Trial trial, int start, int max) throws Exception {
        if (start <= 0 || max < start) {
            throw new IllegalArgumentException("need 0 < start <= max, got start " + start + ", max " + max);
        }
        // A failure at start > 1 leaves 0 as the last pass: the bisection then searches below start.
        int lo = 0;
        int n = start;
        while (trial.run(n).realTime()) {
            lo = n;
            if (n == max) {
                return max;
            }
            n = (int) Math.min((long) n * 2, max);
        }
        int hi = n;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (trial.run(mid).realTime()) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
