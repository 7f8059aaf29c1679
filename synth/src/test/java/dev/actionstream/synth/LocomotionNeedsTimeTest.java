package dev.actionstream.synth;

import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.PixelFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walking, jogging and running must not be separable from one frame, yet separable from motion: otherwise a model
 * could score well on this data without modelling time. Frames are prepared exactly as a model would see them
 * (FramePreparer, 32x32 BGR); every classifier is a nearest class centroid trained on the even clips and tested on
 * the odd ones.
 */
class LocomotionNeedsTimeTest {

    private static final List<Action> GAITS = List.of(Action.JOGGING, Action.RUNNING, Action.WALKING);
    private static final int CLIPS_PER_CLASS = 20;
    private static final int FRAMES = 60;
    private static final double FPS = 25;
    private static final int SIDE = 32;
    private static final int PLANE = SIDE * SIDE;
    /** Rendered size: a model sees 32x32 anyway, and 80x60 renders four times faster than 160x120. */
    private static final int WIDTH = 80;
    private static final int HEIGHT = 60;

    /** [class][clip][frame][3 * 32 * 32] prepared frames. */
    private static float[][][][] frames;
    /** [class][clip][frame] the figure in each prepared frame. */
    private static Silhouette[][][] silhouettes;

    @BeforeAll
    static void renderClips() {
        FramePreparer preparer = new FramePreparer(SIDE, SIDE, 3, ChannelOrder.BGR, Normalisation.unit());
        frames = new float[GAITS.size()][CLIPS_PER_CLASS][FRAMES][preparer.frameSize()];
        silhouettes = new Silhouette[GAITS.size()][CLIPS_PER_CLASS][];
        for (int c = 0; c < GAITS.size(); c++) {
            for (int k = 0; k < CLIPS_PER_CLASS; k++) {
                try (ClipRenderer renderer = new ClipRenderer(
                        ClipParameters.random(GAITS.get(c), Seeds.derive(2024, c, k)), WIDTH, HEIGHT, FPS)) {
                    BufferedImage image = renderer.newFrame();
                    ByteBuffer bytes = ByteBuffer.wrap(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
                    for (int f = 0; f < FRAMES; f++) {
                        renderer.render(f, image);
                        preparer.prepare(bytes, WIDTH, HEIGHT, WIDTH * 3, PixelFormat.BGR24, frames[c][k][f], 0);
                    }
                }
                silhouettes[c][k] = Silhouette.track(frames[c][k]);
            }
        }
    }

    @Test
    void singleFramesCannotTellGaitsApartButMotionCan() {
        double pixels = accuracy(LocomotionNeedsTimeTest::pixelSamples, false);
        double pose = accuracy(LocomotionNeedsTimeTest::poseSamples, true);
        double motion = accuracy(LocomotionNeedsTimeTest::motionSamples, true);
        System.out.printf("walking/jogging/running (chance 0.333): single-frame pixels %.3f, single-frame silhouette"
                + " %.3f, motion across frames %.3f%n", pixels, pose, motion);
        assertTrue(pixels < 0.5, "a frame's pixels separate the gaits: accuracy " + pixels);
        assertTrue(pose < 0.5, "a frame's silhouette separates the gaits: accuracy " + pose);
        assertTrue(motion > 0.8, "motion does not separate the gaits: accuracy " + motion);
    }

    /** Every prepared frame of a clip, as it is. */
    private static List<double[]> pixelSamples(int c, int k) {
        List<double[]> out = new ArrayList<>();
        for (float[] frame : frames[c][k]) {
            double[] d = new double[frame.length];
            for (int i = 0; i < frame.length; i++) {
                d[i] = frame[i];
            }
            out.add(d);
        }
        return out;
    }

    /** Per frame, the figure's shape: bounding-box aspect, horizontal spread, fill and centroid height. */
    private static List<double[]> poseSamples(int c, int k) {
        List<double[]> out = new ArrayList<>();
        for (Silhouette s : silhouettes[c][k]) {
            if (s.pixels() > 0) {
                double h = s.bottom() - s.top() + 1;
                double w = s.right() - s.left() + 1;
                out.add(new double[] {w / h, s.spread() / h, s.pixels() / (w * h), (s.cy() - s.top()) / h});
            }
        }
        return out;
    }

    /**
     * Per clip, two features a temporal model could learn: the figure's speed in its own heights per second
     * (centroid displacement from frame to frame) and the dominant frequency of its horizontal spread (legs apart and
     * together: the step rate).
     */
    private static List<double[]> motionSamples(int c, int k) {
        Silhouette[] track = silhouettes[c][k];
        double[] cx = new double[track.length];
        double[] spread = new double[track.length];
        double[] height = new double[track.length];
        for (int f = 0; f < track.length; f++) {
            cx[f] = track[f].cx();
            spread[f] = track[f].spread();
            height[f] = track[f].pixels() > 0 ? track[f].bottom() - track[f].top() + 1 : 0;
        }
        cx = movingMedian(cx, 5);
        double figureHeight = Math.max(1, median(height));
        int lag = 2;
        double[] steps = new double[track.length - lag];
        for (int f = 0; f + lag < track.length; f++) {
            steps[f] = Double.isNaN(cx[f]) || Double.isNaN(cx[f + lag]) ? 0 : Math.abs(cx[f + lag] - cx[f]) / lag;
        }
        Arrays.sort(steps);
        // The 70th percentile skips the frames around a turn at the frame edge.
        double speed = steps[(int) (steps.length * 0.7)] * FPS / figureHeight;
        return List.of(new double[] {speed, dominantFrequency(detrend(spread, 12))});
    }

    interface Samples {
        List<double[]> of(int classIndex, int clip);
    }

    /** Nearest class centroid: trained on the even clips' samples, tested on the odd clips' samples. */
    private static double accuracy(Samples samples, boolean standardise) {
        List<List<double[]>> train = new ArrayList<>();
        List<List<double[]>> test = new ArrayList<>();
        for (int c = 0; c < GAITS.size(); c++) {
            train.add(new ArrayList<>());
            test.add(new ArrayList<>());
            for (int k = 0; k < CLIPS_PER_CLASS; k++) {
                (k % 2 == 0 ? train : test).get(c).addAll(samples.of(c, k));
            }
        }
        int dims = train.get(0).get(0).length;
        double[] mean = new double[dims];
        double[] scale = new double[dims];
        Arrays.fill(scale, 1);
        if (standardise) {
            List<double[]> all = train.stream().flatMap(List::stream).toList();
            for (int d = 0; d < dims; d++) {
                double m = 0;
                for (double[] x : all) {
                    m += x[d] / all.size();
                }
                double v = 0;
                for (double[] x : all) {
                    v += (x[d] - m) * (x[d] - m) / all.size();
                }
                mean[d] = m;
                scale[d] = 1 / (Math.sqrt(v) + 1e-9);
            }
        }
        double[][] centroid = new double[GAITS.size()][dims];
        for (int c = 0; c < GAITS.size(); c++) {
            for (double[] x : train.get(c)) {
                for (int d = 0; d < dims; d++) {
                    centroid[c][d] += (x[d] - mean[d]) * scale[d] / train.get(c).size();
                }
            }
        }
        int correct = 0;
        int total = 0;
        for (int c = 0; c < GAITS.size(); c++) {
            for (double[] x : test.get(c)) {
                int best = -1;
                double bestDistance = Double.MAX_VALUE;
                for (int candidate = 0; candidate < GAITS.size(); candidate++) {
                    double distance = 0;
                    for (int d = 0; d < dims; d++) {
                        double diff = (x[d] - mean[d]) * scale[d] - centroid[candidate][d];
                        distance += diff * diff;
                    }
                    if (distance < bestDistance) {
                        bestDistance = distance;
                        best = candidate;
                    }
                }
                correct += best == c ? 1 : 0;
                total++;
            }
        }
        return (double) correct / total;
    }

    /**
     * The figure in one prepared frame: the largest connected region differing from the clip's per-pixel median (the
     * empty scene, since the figure keeps moving). Coordinates in 32x32 pixels.
     */
    record Silhouette(double pixels, double cx, double cy, double spread, int left, int top, int right, int bottom) {

        static Silhouette[] track(float[][] clip) {
            float[] background = new float[3 * PLANE];
            float[] column = new float[clip.length];
            for (int i = 0; i < background.length; i++) {
                for (int f = 0; f < clip.length; f++) {
                    column[f] = clip[f][i];
                }
                Arrays.sort(column);
                background[i] = column[clip.length / 2];
            }
            Silhouette[] out = new Silhouette[clip.length];
            boolean[] mask = new boolean[PLANE];
            for (int f = 0; f < clip.length; f++) {
                for (int p = 0; p < PLANE; p++) {
                    double d = Math.abs(clip[f][p] - background[p])
                            + Math.abs(clip[f][PLANE + p] - background[PLANE + p])
                            + Math.abs(clip[f][2 * PLANE + p] - background[2 * PLANE + p]);
                    mask[p] = d > 0.2;
                }
                out[f] = of(largestComponent(mask));
            }
            return out;
        }

        private static Silhouette of(boolean[] figure) {
            double n = 0;
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            int[] rows = new int[SIDE];
            int left = SIDE;
            int right = -1;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    if (figure[y * SIDE + x]) {
                        n++;
                        sx += x;
                        sy += y;
                        sxx += (double) x * x;
                        rows[y]++;
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                    }
                }
            }
            if (n == 0) {
                return new Silhouette(0, Double.NaN, Double.NaN, 0, 0, 0, 0, 0);
            }
            double cx = sx / n;
            // Rows between the 3rd and 97th percentile of the figure's pixels: robust against a stray pixel.
            int top = -1;
            int bottom = -1;
            double seen = 0;
            for (int y = 0; y < SIDE; y++) {
                seen += rows[y];
                if (top < 0 && seen >= 0.03 * n) {
                    top = y;
                }
                if (bottom < 0 && seen >= 0.97 * n) {
                    bottom = y;
                }
            }
            return new Silhouette(n, cx, sy / n, Math.sqrt(Math.max(0, sxx / n - cx * cx)), left, top, right, bottom);
        }
    }

    /** The largest 8-connected foreground region: the figure, without specks from noise and shake. */
    private static boolean[] largestComponent(boolean[] mask) {
        int[] label = new int[PLANE];
        int[] stack = new int[PLANE];
        int best = 0;
        int bestSize = 0;
        int next = 0;
        for (int start = 0; start < PLANE; start++) {
            if (!mask[start] || label[start] != 0) {
                continue;
            }
            next++;
            int size = 0;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int p = stack[--top];
                size++;
                int px = p % SIDE;
                int py = p / SIDE;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = px + dx;
                        int ny = py + dy;
                        int q = ny * SIDE + nx;
                        if (nx >= 0 && ny >= 0 && nx < SIDE && ny < SIDE && mask[q] && label[q] == 0) {
                            label[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = next;
            }
        }
        boolean[] out = new boolean[PLANE];
        for (int p = 0; p < PLANE; p++) {
            out[p] = best != 0 && label[p] == best;
        }
        return out;
    }

    /**
     * The step rate: the frequency in 1..4.2 Hz (walking to running) whose power plus its second harmonic's is the
     * largest, so that a strong harmonic of a slow gait is not taken for a fast one.
     */
    private static double dominantFrequency(double[] signal) {
        double best = 0;
        double bestPower = -1;
        for (double hz = 1.0; hz <= 4.2; hz += 0.05) {
            double power = power(signal, hz) + power(signal, 2 * hz);
            if (power > bestPower) {
                bestPower = power;
                best = hz;
            }
        }
        return best;
    }

    private static double power(double[] signal, double hz) {
        double re = 0;
        double im = 0;
        for (int t = 0; t < signal.length; t++) {
            double a = 2 * Math.PI * hz * t / FPS;
            re += signal[t] * Math.cos(a);
            im += signal[t] * Math.sin(a);
        }
        return re * re + im * im;
    }

    /** Signal minus its centred moving average: removes the drift of turns and frame edges. */
    private static double[] detrend(double[] signal, int window) {
        double[] out = new double[signal.length];
        for (int t = 0; t < signal.length; t++) {
            int a = Math.max(0, t - window / 2);
            int b = Math.min(signal.length, t + window / 2 + 1);
            double m = 0;
            for (int i = a; i < b; i++) {
                m += signal[i];
            }
            out[t] = signal[t] - m / (b - a);
        }
        return out;
    }

    private static double[] movingMedian(double[] signal, int window) {
        double[] out = new double[signal.length];
        for (int t = 0; t < signal.length; t++) {
            int a = Math.max(0, t - window / 2);
            int b = Math.min(signal.length, t + window / 2 + 1);
            out[t] = median(Arrays.copyOfRange(signal, a, b));
        }
        return out;
    }

    private static double median(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
