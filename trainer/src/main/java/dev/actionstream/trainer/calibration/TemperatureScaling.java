package dev.actionstream.trainer.calibration;

/**
 * Temperature scaling (Guo et al., 2017): one T for all classes, {@code softmax(z / T)}, fitted by minimising the
 * mean negative log-likelihood of held-out windows. The NLL is convex in {@code 1/T}, so a golden-section search over
 * {@code 1/T} finds the minimum; T does not change which class is largest, so accuracy is untouched.
 */
public final class TemperatureScaling {

    static final double MIN_T = 0.05;
    static final double MAX_T = 20;
    private static final int ITERATIONS = 80;

    private TemperatureScaling() {
    }

    public static double fit(double[][] logits, int[] labels) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("no windows to fit a temperature on");
        }
        double lo = 1 / MAX_T;
        double hi = 1 / MIN_T;
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = nll(logits, labels, 1 / a);
        double fb = nll(logits, labels, 1 / b);
        for (int i = 0; i < ITERATIONS; i++) {
            if (fa < fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = nll(logits, labels, 1 / a);
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = nll(logits, labels, 1 / b);
            }
        }
        return 2 / (lo + hi);
    }

    /** Mean negative log-likelihood of the true labels under {@code softmax(z / t)}. */
    public static double nll(double[][] logits, int[] labels, double t) {
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double[] z = logits[i];
            double lse = logSumExp(z, t);
            sum += lse - z[labels[i]] / t;
        }
        return sum / logits.length;
    }

    public static double[][] probabilities(double[][] logits, double t) {
        double[][] p = new double[logits.length][];
        for (int i = 0; i < logits.length; i++) {
            double lse = logSumExp(logits[i], t);
            p[i] = new double[logits[i].length];
            for (int c = 0; c < p[i].length; c++) {
                p[i][c] = Math.exp(logits[i][c] / t - lse);
            }
        }
        return p;
    }

    /** {@code log Σ exp(z_c / t)}, shifted by the maximum so it cannot overflow. */
    static double logSumExp(double[] z, double t) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / t);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v / t - max);
        }
        return max + Math.log(sum);
    }
}
