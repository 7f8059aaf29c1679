package dev.actionstream.trainer.calibration;

import java.util.List;
import java.util.Map;

/**
 * How calibration went, for evaluation.json and summary.txt: the temperature and, on the held-out {@code split}, the
 * negative log-likelihood and expected calibration error ({@code bins} equal-width bins) before and after it; per
 * candidate OOD score the threshold keeping {@code knownFraction} of each action's validation windows known, the fraction of
 * held-out known windows it flags anyway, and, where unknown windows were scored, AUROC and fraction flagged per set.
 */
public record CalibrationReport(String fittedOn, int fitWindows, int validationWindows, String split, int windows,
                                double temperature, double nllBefore, double nllAfter, double eceBefore,
                                double eceAfter, int bins, String oodScore, double knownFraction,
                                Map<String, Double> thresholds, Map<String, Double> knownFlagged,
                                List<OodResult> ood) {

    /** One set of unknown windows (a video, a test pattern, actions the model never learned) against the known ones. */
    public record OodResult(String name, int windows, Map<String, Double> auroc, Map<String, Double> flagged,
                            Map<String, Double> median) {
    }

    public CalibrationReport withOod(List<OodResult> results) {
        return new CalibrationReport(fittedOn, fitWindows, validationWindows, split, windows, temperature, nllBefore,
                nllAfter, eceBefore, eceAfter, bins, oodScore, knownFraction, thresholds, knownFlagged,
                List.copyOf(results));
    }

    /** The lines summary.txt gets. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(java.util.Locale.ROOT,
                "calibration: temperature %.4f fitted on %d validation windows; on %d %s windows ECE (%d bins) "
                        + "%.4f -> %.4f, NLL %.4f -> %.4f%n", temperature, validationWindows, windows, split, bins,
                eceBefore, eceAfter, nllBefore, nllAfter));
        s.append(String.format(java.util.Locale.ROOT,
                "ood score: %s (means and tied covariance from %s, %d windows); threshold %.4f keeps %.1f %% of "
                        + "each action's validation windows known, flags %.1f %% of %s windows%n", oodScore, fittedOn, fitWindows,
                thresholds.get(oodScore), 100 * knownFraction, 100 * knownFlagged.get(oodScore), split));
        for (OodResult r : ood) {
            s.append(String.format(java.util.Locale.ROOT, "  unknown %-12s %5d windows:", r.name(), r.windows()));
            r.auroc().forEach((k, v) -> s.append(String.format(java.util.Locale.ROOT,
                    " %s AUROC %.3f flagged %.1f %% (median %.3g, threshold %.3g);", k, v, 100 * r.flagged().get(k),
                    r.median().get(k), thresholds.get(k))));
            s.append(System.lineSeparator());
        }
        return s.toString();
    }
}
