package dev.actionstream.exporter.parity;

import java.util.Locale;

/**
 * The outcome of comparing two implementations over {@code windows} windows: the largest absolute difference of any
 * class probability, on how many windows the top-1 class differed, and, for a calibrated model, the largest
 * difference of the OOD score relative to {@code max(1, |score|)} (NaN when there is no score to compare).
 */
public record ParityReport(String what, int windows, double maxAbsDiff, int top1Disagreements, double maxScoreDiff) {

    /** Largest tolerated relative difference of the OOD score (float graph against double reference). */
    public static final double SCORE_TOLERANCE = 1e-4;

    public ParityReport(String what, int windows, double maxAbsDiff, int top1Disagreements) {
        this(what, windows, maxAbsDiff, top1Disagreements, Double.NaN);
    }

    public boolean passed(double tolerance) {
        return windows > 0 && maxAbsDiff <= tolerance && top1Disagreements == 0
                && (Double.isNaN(maxScoreDiff) || maxScoreDiff <= SCORE_TOLERANCE);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d windows, max abs diff %.3g, top-1 disagreements %d%s",
                what, windows, maxAbsDiff, top1Disagreements,
                Double.isNaN(maxScoreDiff) ? "" : String.format(Locale.ROOT, ", ood_score max rel diff %.3g",
                        maxScoreDiff));
    }
}
