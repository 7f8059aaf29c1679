package dev.actionstream.exporter.parity;

import java.util.Locale;

/**
 * The outcome of comparing two implementations over {@code windows} windows: the largest absolute difference of any
 * class probability, and on how many windows the top-1 class differed.
 */
public record ParityReport(String what, int windows, double maxAbsDiff, int top1Disagreements) {

    public boolean passed(double tolerance) {
        return windows > 0 && maxAbsDiff <= tolerance && top1Disagreements == 0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d windows, max abs diff %.3g, top-1 disagreements %d",
                what, windows, maxAbsDiff, top1Disagreements);
    }
}
