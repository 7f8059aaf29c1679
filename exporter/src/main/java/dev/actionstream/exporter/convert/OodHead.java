package dev.actionstream.exporter.convert;

import dev.actionstream.trainer.calibration.FeatureStatistics;

/**
 * What the calibrated output needs beside the output layer's weights: the temperature the logits are divided by
 * before the softmax, and the OOD score's class means already whitened ({@code W·μ_k}, rows) and the whitening
 * matrix transposed ({@code Wᵀ}), both computed in double and stored as float initialisers.
 */
public record OodHead(double temperature, float[] whitenedMeans, int classes, float[] whiteningTransposed, int features) {

    public static OodHead of(FeatureStatistics statistics, double temperature) {
        double[][] w = statistics.whitening();
        double[][] means = statistics.means();
        int d = statistics.dimension();
        float[] wt = new float[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                wt[j * d + i] = (float) w[i][j];
            }
        }
        float[] wm = new float[means.length * d];
        for (int k = 0; k < means.length; k++) {
            for (int i = 0; i < d; i++) {
                double z = 0;
                for (int j = 0; j <= i; j++) {
                    z += w[i][j] * means[k][j];
                }
                wm[k * d + i] = (float) z;
            }
        }
        return new OodHead(temperature, wm, means.length, wt, d);
    }
}
