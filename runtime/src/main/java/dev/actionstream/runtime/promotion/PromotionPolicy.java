package dev.actionstream.runtime.promotion;

import dev.actionstream.runtime.evaluation.Accuracy;
import dev.actionstream.runtime.evaluation.HeldOutComparison;

import java.util.Locale;
import java.util.Map;

/**
 * The automatic promotion rule: a candidate may replace the serving model when, on the same held-out captured clips,
 * it is at least as accurate overall and no class the serving model was scored on is worse by more than
 * {@code maxClassDrop}. A class only the candidate knows cannot be worse. Without a comparison against the model
 * serving now, nothing is promoted: the answer is always a reason a person can check against the figures.
 */
public final class PromotionPolicy {

    /** What the rule says and why. */
    public record Verdict(boolean promote, String reason) {
    }

    private final double maxClassDrop;

    public PromotionPolicy(double maxClassDrop) {
        if (!(maxClassDrop >= 0 && maxClassDrop <= 1)) {
            throw new IllegalArgumentException("maxClassDrop must be within [0, 1], got " + maxClassDrop);
        }
        this.maxClassDrop = maxClassDrop;
    }

    public double maxClassDrop() {
        return maxClassDrop;
    }

    /** @param serving the key of the model serving now (null when none) */
    public Verdict judge(HeldOutComparison h, String serving) {
        if (h == null || h.candidate() == null || h.candidate().accuracy() == null) {
            return new Verdict(false, "no held-out accuracy to judge by"
                    + (h != null && h.reason() != null ? ": " + h.reason() : ""));
        }
        if (h.active() == null || h.active().accuracy() == null) {
            return new Verdict(false, "no serving model was scored on the held-out clips to compare with");
        }
        if (!h.activeModel().equals(serving)) {
            return new Verdict(false, "compared with " + h.activeModel() + ", but " + serving + " serves now");
        }
        double candidate = h.candidate().accuracy();
        double active = h.active().accuracy();
        if (candidate < active) {
            return new Verdict(false, String.format(Locale.ROOT,
                    "less accurate on %d held-out captured clips: %s against %s for %s", h.clips(), pct(candidate),
                    pct(active), h.activeModel()));
        }
        for (Map.Entry<String, Accuracy.ClassAccuracy> e : h.active().perClass().entrySet()) {
            Double was = e.getValue().accuracy();
            Accuracy.ClassAccuracy now = h.candidate().perClass().get(e.getKey());
            double is = now == null || now.accuracy() == null ? 0 : now.accuracy();
            // A hair of tolerance: shares of whole windows should not fail on floating-point noise.
            if (was != null && was - is > maxClassDrop + 1e-9) {
                return new Verdict(false, String.format(Locale.ROOT,
                        "class '%s' drops from %s to %s on the held-out clips, more than the %s margin",
                        e.getKey(), pct(was), pct(is), pct(maxClassDrop)));
            }
        }
        return new Verdict(true, String.format(Locale.ROOT,
                "at least as accurate on %d held-out captured clips (%s against %s for %s), no class worse by more "
                        + "than %s", h.clips(), pct(candidate), pct(active), h.activeModel(), pct(maxClassDrop)));
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
