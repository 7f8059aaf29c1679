package dev.actionstream.exporter.parity;

import dev.actionstream.config.ModelForm;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.OnnxContract;
import dev.actionstream.trainer.calibration.FeatureStatistics;
import dev.actionstream.trainer.calibration.PenultimateFeatures;
import dev.actionstream.trainer.calibration.TemperatureScaling;
import dev.actionstream.trainer.model.NetworkOutput;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Runs DL4J and ONNX Runtime on the same windows and compares class probabilities. Windows go through in batches of
 * {@link #BATCH} (exercising the dynamic batch dimension) and the first window once more alone (batch 1).
 */
public final class ParityCheck {

    /** Largest tolerated absolute difference of a class probability. */
    public static final double TOLERANCE = 1e-4;
    static final int BATCH = 4;

    private final MultiLayerNetwork net;
    private final ModelSpec spec;
    private final FeatureStatistics statistics;

    public ParityCheck(MultiLayerNetwork net, ModelSpec spec) {
        this(net, spec, null);
    }

    /**
     * @param statistics when the spec has a calibration: the OOD score's statistics. DL4J's side is then its forward
     *                   pass up to the output layer, with {@code softmax(logits / T)} and the score computed from it in
     *                   double, and the ONNX {@code ood_score} is compared as well.
     */
    public ParityCheck(MultiLayerNetwork net, ModelSpec spec, FeatureStatistics statistics) {
        this.net = Objects.requireNonNull(net, "net");
        this.spec = Objects.requireNonNull(spec, "spec");
        if ((spec.calibration() == null) != (statistics == null)) {
            throw new IllegalArgumentException("a calibrated spec needs its feature statistics, and only it");
        }
        this.statistics = statistics;
    }

    /** Windows as FramePreparer would write them for uniformly random pixels, drawn from {@code seed}. */
    public static List<float[]> randomWindows(ModelSpec spec, int count, long seed) {
        Random random = new Random(seed);
        int plane = spec.frameHeight() * spec.frameWidth();
        List<float[]> windows = new ArrayList<>(count);
        for (int w = 0; w < count; w++) {
            float[] window = new float[spec.windowSize()];
            for (int i = 0; i < window.length; i++) {
                int c = (i / plane) % spec.channels();
                float mean = spec.normalisation().meanOf(c);
                float std = spec.normalisation().stdOf(c);
                window[i] = (random.nextInt(256) / 255f - mean) / std;
            }
            windows.add(window);
        }
        return windows;
    }

    /** DL4J (via the trainer's NetworkInput/NetworkOutput) against the one-piece ONNX file. */
    public ParityReport fullModel(Path onnx, List<float[]> windows) {
        requireWindows(windows);
        try (OrtModel model = new OrtModel(onnx)) {
            Comparison cmp = new Comparison("DL4J vs ONNX one-piece");
            List<List<float[]>> batches = batches(windows);
            for (int b = 0; b < batches.size(); b++) {
                List<float[]> batch = batches.get(b);
                if (statistics == null) {
                    cmp.add(NetworkOutput.predict(net, spec, batch), runFull(model, batch), b == 0);
                    continue;
                }
                PenultimateFeatures dl4j = PenultimateFeatures.of(net, spec, batch, BATCH);
                cmp.add(toFloat(TemperatureScaling.probabilities(dl4j.logits(), spec.calibration().temperature())),
                        runFull(model, batch), b == 0);
                cmp.addScores(statistics.distances(dl4j.features()), model.runVector(ModelForm.FULL.input(),
                        concat(batch), OnnxContract.OOD_SCORE, spec.windowShape(batch.size())));
            }
            return cmp.report(windows.size());
        }
    }

    /** The split pair (encoder per frame, then head) against the one-piece ONNX file. */
    public ParityReport splitModel(Path full, Path encoder, Path head, List<float[]> windows) {
        requireWindows(windows);
        try (OrtModel one = new OrtModel(full); OrtModel enc = new OrtModel(encoder); OrtModel hd = new OrtModel(head)) {
            Comparison cmp = new Comparison("one-piece vs encoder+head");
            List<List<float[]>> batches = batches(windows);
            for (int b = 0; b < batches.size(); b++) {
                cmp.add(runFull(one, batches.get(b)), runSplit(enc, hd, batches.get(b)), b == 0);
                if (statistics != null) {
                    float[] oneScore = one.runVector(ModelForm.FULL.input(), concat(batches.get(b)),
                            OnnxContract.OOD_SCORE, spec.windowShape(batches.get(b).size()));
                    double[] expected = new double[oneScore.length];
                    for (int i = 0; i < oneScore.length; i++) {
                        expected[i] = oneScore[i];
                    }
                    cmp.addScores(expected, runSplitScore(enc, hd, batches.get(b)));
                }
            }
            return cmp.report(windows.size());
        }
    }

    private float[][] runFull(OrtModel model, List<float[]> batch) {
        return model.run(ModelForm.FULL.input(), concat(batch), spec.windowShape(batch.size()));
    }

    private float[][] runSplit(OrtModel encoder, OrtModel head, List<float[]> batch) {
        int n = batch.size();
        float[] seq = encode(encoder, batch);
        return head.run(ModelForm.HEAD.input(), seq, spec.featureWindowShape(n, seq.length / ((long) n * spec.framesPerWindow())));
    }

    private float[] runSplitScore(OrtModel encoder, OrtModel head, List<float[]> batch) {
        int n = batch.size();
        float[] seq = encode(encoder, batch);
        return head.runVector(ModelForm.HEAD.input(), seq, OnnxContract.OOD_SCORE,
                spec.featureWindowShape(n, seq.length / ((long) n * spec.framesPerWindow())));
    }

    /** The batch's frames through the encoder, as the head's {@code [N, T, D]} input. */
    private float[] encode(OrtModel encoder, List<float[]> batch) {
        int n = batch.size();
        int t = spec.framesPerWindow();
        // A window is its frames one after the other, so the batch is already N*T frames in sample-major order.
        float[][] features = encoder.run(ModelForm.ENCODER.input(), concat(batch), spec.frameShape((long) n * t));
        int d = features[0].length;
        float[] seq = new float[n * t * d];
        for (int r = 0; r < features.length; r++) {
            System.arraycopy(features[r], 0, seq, r * d, d);
        }
        return seq;
    }

    private static float[][] toFloat(double[][] values) {
        float[][] out = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = new float[values[i].length];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = (float) values[i][j];
            }
        }
        return out;
    }

    /** Window 0 alone (the repeat), then all windows in batches of {@link #BATCH}. */
    private List<List<float[]>> batches(List<float[]> windows) {
        List<List<float[]>> batches = new ArrayList<>();
        batches.add(List.of(windows.get(0)));
        for (int from = 0; from < windows.size(); from += BATCH) {
            batches.add(windows.subList(from, Math.min(windows.size(), from + BATCH)));
        }
        return batches;
    }

    private void requireWindows(List<float[]> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("parity needs at least one window");
        }
        for (int i = 0; i < windows.size(); i++) {
            if (windows.get(i).length != spec.windowSize()) {
                throw new IllegalArgumentException("window " + i + " has " + windows.get(i).length + " floats, the spec needs "
                        + spec.windowSize());
            }
        }
    }

    private static float[] concat(List<float[]> windows) {
        int size = windows.get(0).length;
        float[] data = new float[windows.size() * size];
        for (int i = 0; i < windows.size(); i++) {
            System.arraycopy(windows.get(i), 0, data, i * size, size);
        }
        return data;
    }

    /** Accumulates differences; the single-window repeat of window 0 is compared but not counted twice for top-1. */
    private static final class Comparison {
        private final String what;
        private double maxAbsDiff;
        private int disagreements;
        private double maxScoreDiff = Double.NaN;

        Comparison(String what) {
            this.what = what;
        }

        void add(float[][] expected, float[][] actual, boolean repeat) {
            if (expected.length != actual.length) {
                throw new IllegalStateException(what + ": " + expected.length + " rows vs " + actual.length);
            }
            for (int r = 0; r < expected.length; r++) {
                if (expected[r].length != actual[r].length) {
                    throw new IllegalStateException(what + ": " + expected[r].length + " classes vs " + actual[r].length);
                }
                for (int c = 0; c < expected[r].length; c++) {
                    double diff = Math.abs((double) expected[r][c] - actual[r][c]);
                    // NaN compares false everywhere: treat it as an infinite difference.
                    maxAbsDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(maxAbsDiff, diff);
                }
                if (!repeat && NetworkOutput.argMax(expected[r]) != NetworkOutput.argMax(actual[r])) {
                    disagreements++;
                }
            }
        }

        void addScores(double[] expected, float[] actual) {
            if (expected.length != actual.length) {
                throw new IllegalStateException(what + ": " + expected.length + " scores vs " + actual.length);
            }
            for (int i = 0; i < expected.length; i++) {
                double diff = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
                double so = Double.isNaN(maxScoreDiff) ? 0 : maxScoreDiff;
                maxScoreDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : Math.max(so, diff);
            }
        }

        ParityReport report(int windows) {
            return new ParityReport(what, windows, maxAbsDiff, disagreements, maxScoreDiff);
        }
    }
}
