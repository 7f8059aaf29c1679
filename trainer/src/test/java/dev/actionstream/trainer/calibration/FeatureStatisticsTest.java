package dev.actionstream.trainer.calibration;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureStatisticsTest {

    @Test
    void distanceIsTheMahalanobisDistanceToTheNearestMeanUnderTheShrunkCovariance() {
        Random random = new Random(3);
        int n = 400;
        double[][] f = new double[n][2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            // Correlated, unequal variances, class means 10 apart on the first axis.
            f[i][0] = 10 * labels[i] + 2 * a;
            f[i][1] = a + 0.5 * b;
        }
        FeatureStatistics s = FeatureStatistics.fit(f, labels, 2);

        // Rebuild Σ from its whitening matrix (Σ⁻¹ = WᵀW) and check one point by the textbook formula.
        double[][] w = s.whitening();
        double[][] inv = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 2; k++) {
                    inv[i][j] += w[k][i] * w[k][j];
                }
            }
        }
        double[] x = {1, 3};
        double best = Double.POSITIVE_INFINITY;
        for (double[] mean : s.means()) {
            double dx = x[0] - mean[0];
            double dy = x[1] - mean[1];
            best = Math.min(best, dx * (inv[0][0] * dx + inv[0][1] * dy) + dy * (inv[1][0] * dx + inv[1][1] * dy));
        }
        assertEquals(Math.sqrt(best), s.distance(x), 1e-9);
        assertEquals(0, s.means()[0][0], 0.5);
        assertEquals(10, s.means()[1][0], 0.5);
        // Along the correlation a point is near; across it, at the same Euclidean distance, far.
        assertTrue(s.distance(new double[] {2, 1}) < s.distance(new double[] {0, 2.2}),
                s.distance(new double[] {2, 1}) + " vs " + s.distance(new double[] {0, 2.2}));
        assertTrue(s.shrinkage() >= 0 && s.shrinkage() < 0.2, "400 windows in 2-D need little shrinkage: " + s.shrinkage());
    }

    @Test
    void shrinkageKeepsTheCovarianceInvertibleWithFewerWindowsThanFeatures() {
        Random random = new Random(5);
        int d = 50;
        double[][] f = new double[20][d];
        int[] labels = new int[20];
        for (int i = 0; i < f.length; i++) {
            labels[i] = i % 2;
            for (int j = 0; j < d; j++) {
                f[i][j] = random.nextGaussian();
            }
        }
        FeatureStatistics s = FeatureStatistics.fit(f, labels, 2);

        assertTrue(s.shrinkage() > 0.3, "shrinkage " + s.shrinkage());
        assertTrue(Double.isFinite(s.distance(new double[d])));
    }
}
