package dev.actionstream.trainer.calibration;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.dataset.WindowSet;
import dev.actionstream.trainer.model.NetworkFactory;
import dev.actionstream.trainer.train.Trainer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny LRCN trained to overfit a few noisy windows is overconfident on held-out windows of the same kind; the
 * temperature fitted on validation windows must make the held-out split better calibrated.
 */
class CalibrationFitTest {

    private static final int FRAMES = 3;
    private static final int SIZE = 12;

    @Test
    void temperatureFittedOnValidationLowersEceOnTheHeldOutSplit() {
        ModelSpec spec = new ModelSpec("tiny", "1", Architecture.LRCN, List.of("left", "right"), FRAMES, SIZE, SIZE,
                3, ChannelOrder.BGR, Normalisation.unit(), "", "");
        TrainingConfig config = new TrainingConfig(Architecture.LRCN,
                DatasetConfig.defaults().withGeometry(FRAMES, SIZE, SIZE), 40, 4, 2e-2, 11L, 0, false,
                new ConvLstmConfig(List.of(2, 2), 3, 0.2), new LrcnConfig(List.of(4, 4), List.of(2, 2), 0.0, 8));
        MultiLayerNetwork net = NetworkFactory.build(config, spec);
        WindowSet train = noisy(16, 1);
        new Trainer(config, spec, m -> { }, false).fit(net, train, noisy(0, 2));

        CalibrationFit.Fitted fitted = new CalibrationFit(net, spec, 32).fit(train, noisy(300, 3), noisy(300, 4),
                "train", "test");

        CalibrationReport r = fitted.report();
        System.out.printf("tiny run: T %.3f, ECE %.4f -> %.4f, NLL %.4f -> %.4f%n", r.temperature(), r.eceBefore(),
                r.eceAfter(), r.nllBefore(), r.nllAfter());
        assertTrue(r.temperature() > 1, "an overfitted model is overconfident: T " + r.temperature());
        assertTrue(r.eceAfter() < r.eceBefore(), "ECE " + r.eceBefore() + " -> " + r.eceAfter());
        assertTrue(r.nllAfter() < r.nllBefore(), "NLL " + r.nllBefore() + " -> " + r.nllAfter());
        assertEquals(r.temperature(), fitted.calibration().temperature());
        assertEquals(r.thresholds().get("mahalanobis"), fitted.calibration().oodThreshold());
        assertTrue(r.knownFlagged().get("mahalanobis") < 0.1, "known windows flagged: " + r.knownFlagged());
    }

    @Test
    void theThresholdKeepsEveryActionsValidationWindowsKnownNotJustAllOfThem() {
        // 1,000 windows of a tight action, 10 of a spread one: the pooled 99 % quantile (1.0) would flag all ten of the
        // spread action's; every action's own quantile keeps them all.
        double[] scores = new double[1010];
        int[] labels = new int[1010];
        for (int i = 0; i < 1000; i++) {
            scores[i] = 1.0;
        }
        for (int i = 1000; i < 1010; i++) {
            scores[i] = i - 998;
            labels[i] = 1;
        }
        assertEquals(1.0, Auroc.threshold(scores, CalibrationFit.KNOWN_FRACTION));
        assertEquals(11.0, CalibrationFit.everyClassKnown(scores, labels));
        scores[0] = 50;
        assertEquals(11.0, CalibrationFit.everyClassKnown(scores, labels), "one outlier in a thousand stays unknown");
    }

    /** Class 0 slightly brighter on the left, class 1 on the right, under heavy noise: learnable, not separable. */
    private static WindowSet noisy(int n, long seed) {
        Random random = new Random(seed);
        List<float[]> windows = new ArrayList<>();
        int[] labels = new int[n];
        List<Path> files = new ArrayList<>();
        int plane = SIZE * SIZE;
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            float[] w = new float[FRAMES * 3 * plane];
            for (int p = 0; p < w.length; p++) {
                boolean left = (p % SIZE) < SIZE / 2;
                w[p] = (left == (labels[i] == 0) ? 0.55f : 0.45f) + 0.35f * (float) random.nextGaussian();
            }
            windows.add(w);
            files.add(Path.of("w" + i));
        }
        return new WindowSet(windows, labels, files, FRAMES, 3, SIZE, SIZE);
    }
}
