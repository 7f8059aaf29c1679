package dev.actionstream.trainer.calibration;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.trainer.dataset.WindowSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fits everything a model needs to say how sure it is, from three disjoint sets of known windows: class means and
 * the tied covariance of penultimate features on {@code fit} (the training windows), the temperature and each OOD
 * score's threshold on {@code validation} (keeping {@link #KNOWN_FRACTION} of every action's windows known), and the
 * report's ECE and false-unknown rate on {@code heldOut}.
 */
public final class CalibrationFit {

    public static final double KNOWN_FRACTION = 0.99;

    /** What the fit produced; {@link #compare} scores sets of unknown windows against the held-out known ones. */
    public record Fitted(ModelSpec.Calibration calibration, FeatureStatistics statistics, CalibrationReport report,
                         ReliabilityBins before, ReliabilityBins after, Map<OodScore, double[]> heldOutScores) {

        public CalibrationReport.OodResult compare(String name, PenultimateFeatures unknown) {
            Map<String, Double> auroc = new LinkedHashMap<>();
            Map<String, Double> flagged = new LinkedHashMap<>();
            Map<String, Double> median = new LinkedHashMap<>();
            for (OodScore score : OodScore.values()) {
                double[] s = score.of(unknown, statistics, calibration.temperature());
                auroc.put(score.id(), Auroc.of(heldOutScores.get(score), s));
                flagged.put(score.id(), Auroc.above(s, report.thresholds().get(score.id())));
                median.put(score.id(), Auroc.threshold(s, 0.5));
            }
            return new CalibrationReport.OodResult(name, unknown.size(), auroc, flagged, median);
        }
    }

    private final MultiLayerNetwork net;
    private final ModelSpec spec;
    private final int batchSize;

    public CalibrationFit(MultiLayerNetwork net, ModelSpec spec, int batchSize) {
        this.net = Objects.requireNonNull(net, "net");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.batchSize = batchSize;
    }

    public PenultimateFeatures features(WindowSet windows) {
        return features(windows, windows.size());
    }

    /** The first {@code limit} windows' features. */
    public PenultimateFeatures features(WindowSet windows, int limit) {
        List<float[]> list = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, windows.size()); i++) {
            list.add(windows.window(i));
        }
        return features(list);
    }

    public PenultimateFeatures features(List<float[]> windows) {
        return PenultimateFeatures.of(net, spec, windows, batchSize);
    }

    /**
     * @param fittedOn     names the windows the statistics came from, for the spec and the report
     * @param heldOutSplit the name of {@code heldOut} in the report ("test")
     */
    public Fitted fit(WindowSet fit, WindowSet validation, WindowSet heldOut, String fittedOn, String heldOutSplit) {
        if (fit.size() == 0 || validation.size() == 0 || heldOut.size() == 0) {
            throw new IllegalArgumentException("calibration needs training, validation and held-out windows; got "
                    + fit.size() + ", " + validation.size() + " and " + heldOut.size());
        }
        PenultimateFeatures train = features(fit);
        FeatureStatistics statistics = FeatureStatistics.fit(train.features(), labels(fit), spec.numClasses());
        PenultimateFeatures val = features(validation);
        double temperature = TemperatureScaling.fit(val.logits(), labels(validation));
        PenultimateFeatures test = features(heldOut);
        int[] testLabels = labels(heldOut);

        Map<String, Double> thresholds = new LinkedHashMap<>();
        Map<String, Double> knownFlagged = new LinkedHashMap<>();
        Map<OodScore, double[]> heldOutScores = new LinkedHashMap<>();
        for (OodScore score : OodScore.values()) {
            double threshold = everyClassKnown(score.of(val, statistics, temperature), labels(validation));
            double[] s = score.of(test, statistics, temperature);
            thresholds.put(score.id(), threshold);
            knownFlagged.put(score.id(), Auroc.above(s, threshold));
            heldOutScores.put(score, s);
        }
        int bins = ReliabilityBins.DEFAULT_BINS;
        ReliabilityBins before = ReliabilityBins.of(TemperatureScaling.probabilities(test.logits(), 1), testLabels, bins);
        ReliabilityBins after = ReliabilityBins.of(TemperatureScaling.probabilities(test.logits(), temperature),
                testLabels, bins);
        String chosen = OodScore.MAHALANOBIS.id();
        ModelSpec.Calibration calibration = new ModelSpec.Calibration(temperature, true, chosen,
                thresholds.get(chosen), KNOWN_FRACTION, fittedOn, fit.size(), statistics.shrinkage());
        CalibrationReport report = new CalibrationReport(fittedOn, fit.size(), validation.size(), heldOutSplit,
                heldOut.size(), temperature, TemperatureScaling.nll(test.logits(), testLabels, 1),
                TemperatureScaling.nll(test.logits(), testLabels, temperature), before.ece(), after.ece(), bins,
                chosen, KNOWN_FRACTION, thresholds, knownFlagged, List.of());
        return new Fitted(calibration, statistics, report, before, after, heldOutScores);
    }

    /**
     * The lowest threshold that keeps {@link #KNOWN_FRACTION} of each action's validation windows known, not just of
     * all of them: an action with fewer windows or more varied people (a newly taught one, from the people a camera
     * saw in minutes) lies farther from its mean, and a pooled quantile would call it unknown most often (measured:
     * one pooled threshold flagged 8 % of a taught action's steady frames on fresh people).
     */
    static double everyClassKnown(double[] scores, int[] labels) {
        Map<Integer, List<Double>> byClass = new LinkedHashMap<>();
        for (int i = 0; i < scores.length; i++) {
            byClass.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(scores[i]);
        }
        double threshold = Double.NEGATIVE_INFINITY;
        for (List<Double> s : byClass.values()) {
            threshold = Math.max(threshold, Auroc.threshold(s.stream().mapToDouble(Double::doubleValue).toArray(),
                    KNOWN_FRACTION));
        }
        return threshold;
    }

    static int[] labels(WindowSet windows) {
        int[] labels = new int[windows.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = windows.label(i);
        }
        return labels;
    }
}
