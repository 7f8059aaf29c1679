package dev.actionstream.trainer.calibration;

/**
 * Windows binned by the confidence of their top class (equal-width bins over [0, 1]): per bin the mean confidence,
 * the fraction right and the count. Expected calibration error is the count-weighted mean gap between the two.
 */
public record ReliabilityBins(double[] confidence, double[] accuracy, int[] count) {

    public static final int DEFAULT_BINS = 15;

    public static ReliabilityBins of(double[][] probabilities, int[] labels, int bins) {
        double[] conf = new double[bins];
        double[] right = new double[bins];
        int[] count = new int[bins];
        for (int i = 0; i < probabilities.length; i++) {
            double[] p = probabilities[i];
            int top = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[top]) {
                    top = c;
                }
            }
            // Bins are (k/B, (k+1)/B]; a confidence of exactly 0 cannot happen with a softmax.
            int bin = Math.min(bins - 1, Math.max(0, (int) Math.ceil(p[top] * bins) - 1));
            conf[bin] += p[top];
            right[bin] += top == labels[i] ? 1 : 0;
            count[bin]++;
        }
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                conf[b] /= count[b];
                right[b] /= count[b];
            }
        }
        return new ReliabilityBins(conf, right, count);
    }

    public double ece() {
        int total = 0;
        double sum = 0;
        for (int b = 0; b < count.length; b++) {
            total += count[b];
            sum += count[b] * Math.abs(accuracy[b] - confidence[b]);
        }
        return total == 0 ? 0 : sum / total;
    }
}
