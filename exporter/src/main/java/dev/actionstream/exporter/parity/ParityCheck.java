package dev.actionstream.exporter.parity;

import dev.actionstream.config.ModelForm;
import dev.actionstream.config.ModelSpec;
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

    public ParityCheck(MultiLayerNetwork net, ModelSpec spec) {
        this.net = Objects.requireNonNull(net, "net");
        this.spec = Objects.requireNonNull(spec, "spec");
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
                cmp.add(NetworkOutput.predict(net, spec, batches.get(b)), runFull(model, batches.get(b)), b == 0);
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
            }
            return cmp.report(windows.size());
        }
    }

    private float[][] runFull(OrtModel model, List<float[]> batch) {
        return model.run(ModelForm.FULL.input(), concat(batch), spec.windowShape(batch.size()));
    }

    private float[][] runSplit(OrtModel encoder, OrtModel head, List<float[]> batch) {
        int n = batch.size();
        int t = spec.framesPerWindow();
        // A window is its frames one after the other, so the batch is already N*T frames in sample-major order.
        float[][] features = encoder.run(ModelForm.ENCODER.input(), concat(batch), spec.frameShape((long) n * t));
        int d = features[0].length;
        float[] seq = new float[n * t * d];
        for (int r = 0; r < features.length; r++) {
            System.arraycopy(features[r], 0, seq, r * d, d);
        }
        return head.run(ModelForm.HEAD.input(), seq, spec.featureWindowShape(n, d));
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

        ParityReport report(int windows) {
            return new ParityReport(what, windows, maxAbsDiff, disagreements);
        }
    }
}
