package dev.actionstream.trainer.calibration;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemperatureScalingTest {

    @Test
    void recoversTheTemperatureTheLabelsWereDrawnWith() {
        Random random = new Random(7);
        int n = 4000;
        double[][] logits = new double[n][4];
        int[] labels = new int[n];
        double trueT = 2.5;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 4; c++) {
                logits[i][c] = 4 * random.nextGaussian();
            }
            double[] p = TemperatureScaling.probabilities(new double[][] {logits[i]}, trueT)[0];
            double u = random.nextDouble();
            int c = 0;
            while (c < 3 && (u -= p[c]) > 0) {
                c++;
            }
            labels[i] = c;
        }

        double t = TemperatureScaling.fit(logits, labels);

        assertEquals(trueT, t, 0.25);
        double[][] before = TemperatureScaling.probabilities(logits, 1);
        double[][] after = TemperatureScaling.probabilities(logits, t);
        double eceBefore = ReliabilityBins.of(before, labels, 15).ece();
        double eceAfter = ReliabilityBins.of(after, labels, 15).ece();
        assertTrue(eceAfter < eceBefore / 3, "ECE " + eceBefore + " -> " + eceAfter);
    }

    @Test
    void aurocCountsUnknownAboveKnownAndTiesHalf() {
        assertEquals(1.0, Auroc.of(new double[] {1, 2}, new double[] {3, 4}));
        assertEquals(0.0, Auroc.of(new double[] {3, 4}, new double[] {1, 2}));
        assertEquals(0.5, Auroc.of(new double[] {1}, new double[] {1}));
        assertEquals(9.0, Auroc.threshold(new double[] {10, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0.9));
    }
}
