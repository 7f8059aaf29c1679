package dev.actionstream.trainer.calibration;

import java.util.Arrays;

/**
 * Area under the ROC curve of a score meant to be higher on unknown windows than on known ones: the probability that
 * a random unknown window scores above a random known one (ties count half), by ranks (Mann-Whitney U).
 */
public final class Auroc {

    private Auroc() {
    }

    public static double of(double[] known, double[] unknown) {
        if (known.length == 0 || unknown.length == 0) {
            return Double.NaN;
        }
        int n = known.length + unknown.length;
        double[][] all = new double[n][];
        for (int i = 0; i < known.length; i++) {
            all[i] = new double[] {known[i], 0};
        }
        for (int i = 0; i < unknown.length; i++) {
            all[known.length + i] = new double[] {unknown[i], 1};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double rankSumUnknown = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && all[j + 1][0] == all[i][0]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                rankSumUnknown += all[k][1] * rank;
            }
            i = j + 1;
        }
        double u = rankSumUnknown - (double) unknown.length * (unknown.length + 1) / 2;
        return u / ((double) known.length * unknown.length);
    }

    /** The score that {@code fraction} of {@code known} stay at or below: the threshold above which a window is unknown. */
    public static double threshold(double[] known, double fraction) {
        double[] sorted = known.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(fraction * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Fraction of {@code scores} strictly above {@code threshold}. */
    public static double above(double[] scores, double threshold) {
        int n = 0;
        for (double s : scores) {
            if (s > threshold) {
                n++;
            }
        }
        return scores.length == 0 ? Double.NaN : (double) n / scores.length;
    }
}
