package dev.actionstream.trainer.calibration;

/** Candidate out-of-distribution scores, each oriented so that higher means less like the training windows. */
public enum OodScore {

    /** Distance of the penultimate features to the nearest class mean under the tied covariance. */
    MAHALANOBIS("mahalanobis"),
    /** Minus the largest calibrated probability (Hendrycks and Gimpel's baseline). */
    MAX_SOFTMAX("max_softmax"),
    /** The free energy {@code −T·log Σ exp(z/T)} (Liu et al., 2020). */
    ENERGY("energy");

    private final String id;

    OodScore(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public double[] of(PenultimateFeatures windows, FeatureStatistics statistics, double temperature) {
        return switch (this) {
            case MAHALANOBIS -> statistics.distances(windows.features());
            case MAX_SOFTMAX -> {
                double[][] p = TemperatureScaling.probabilities(windows.logits(), temperature);
                double[] s = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    double max = 0;
                    for (double v : p[i]) {
                        max = Math.max(max, v);
                    }
                    s[i] = -max;
                }
                yield s;
            }
            case ENERGY -> {
                double[] s = new double[windows.size()];
                for (int i = 0; i < s.length; i++) {
                    s[i] = -temperature * TemperatureScaling.logSumExp(windows.logits()[i], temperature);
                }
                yield s;
            }
        };
    }
}
