package dev.actionstream.bench;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.ModelSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Floating-point operations one window costs the ConvLSTM, counted as 2 per multiply-add of its convolutions.
 *
 * <p>For layer {@code l} with {@code Cin} input channels on {@code H x W} frames, {@code F} filters, kernel {@code k}
 * and {@code T} frames, the input convolution is 'valid' ({@code H' = H-k+1}, {@code W' = W-k+1}) and the recurrent
 * convolution 'same' on the {@code H' x W'} hidden state, with no recurrent term at {@code t = 0} (zero state):
 * <pre>
 *   MACs_in(l)  = T       * H' * W' * 4F * Cin * k * k
 *   MACs_rec(l) = (T - 1) * H' * W' * 4F * F   * k * k
 *   FLOPs       = 2 * sum over l of (MACs_in(l) + MACs_rec(l))
 * </pre>
 * The next layer sees {@code ceil(H'/2) x ceil(W'/2)} frames (max-pool (1,2,2) 'same'). Gate activations, the cell
 * update, pooling, dropout and the final dense layer are left out: together they are under 1% of the total at the
 * seeds' size, so {@code FLOPs / measured time} is the convolution throughput actually achieved.
 */
public final class ConvLstmFlops {

    /** One layer's share: output frame size and both convolutions' multiply-adds. */
    public record Layer(int inChannels, int filters, int outHeight, int outWidth, long inputMacs, long recurrentMacs) {
        public long flops() {
            return 2 * (inputMacs + recurrentMacs);
        }
    }

    private ConvLstmFlops() {
    }

    public static List<Layer> layers(ConvLstmConfig sizes, ModelSpec spec) {
        Objects.requireNonNull(sizes, "sizes");
        Objects.requireNonNull(spec, "spec");
        int k = sizes.kernelSize();
        long t = spec.framesPerWindow();
        int h = spec.frameHeight();
        int w = spec.frameWidth();
        int in = spec.channels();
        List<Layer> layers = new ArrayList<>();
        for (int f : sizes.filters()) {
            int oh = h - k + 1;
            int ow = w - k + 1;
            if (oh <= 0 || ow <= 0) {
                throw new IllegalArgumentException("a " + k + "x" + k + " 'valid' convolution does not fit a " + h + "x"
                        + w + " frame at layer " + layers.size());
            }
            long positions = (long) oh * ow * 4L * f * k * k;
            layers.add(new Layer(in, f, oh, ow, t * positions * in, (t - 1) * positions * f));
            h = (oh + 1) / 2;
            w = (ow + 1) / 2;
            in = f;
        }
        return layers;
    }

    /** FLOPs of one window (batch 1). */
    public static long perWindow(ConvLstmConfig sizes, ModelSpec spec) {
        return layers(sizes, spec).stream().mapToLong(Layer::flops).sum();
    }

    /** Achieved GFLOP/s when {@code windows} windows took {@code millis} milliseconds. */
    public static double gflopsPerSecond(long flopsPerWindow, int windows, double millis) {
        if (!(millis > 0)) {
            throw new IllegalArgumentException("time must be > 0 ms, got " + millis);
        }
        return flopsPerWindow * (double) windows / (millis * 1e6);
    }

    /**
     * Prints the seeds ConvLSTM's FLOPs per window, per layer; given measured milliseconds per window (e.g. from
     * {@code ScoringBenchmark}), also the GFLOP/s each achieves.
     */
    public static void main(String[] args) {
        ModelSpec spec = SeedsModels.spec(Architecture.CONVLSTM);
        ConvLstmConfig sizes = SeedsModels.training(Architecture.CONVLSTM).network(ConvLstmConfig.class);
        System.out.printf(Locale.ROOT, "ConvLSTM %s, %dx%dx%dx%d window:%n", sizes.filters(), spec.framesPerWindow(),
                spec.frameHeight(), spec.frameWidth(), spec.channels());
        for (Layer l : layers(sizes, spec)) {
            System.out.printf(Locale.ROOT,
                    "  %2d -> %2d filters, %2dx%-2d  input %,13d MAC  recurrent %,13d MAC  %,14d FLOP%n",
                    l.inChannels(), l.filters(), l.outHeight(), l.outWidth(), l.inputMacs(), l.recurrentMacs(),
                    l.flops());
        }
        long total = perWindow(sizes, spec);
        System.out.printf(Locale.ROOT, "  total %,d FLOP per window (%.3f GFLOP)%n", total, total / 1e9);
        for (String arg : args) {
            double ms = Double.parseDouble(arg);
            System.out.printf(Locale.ROOT, "  at %s ms per window: %.2f GFLOP/s%n", arg, gflopsPerSecond(total, 1, ms));
        }
    }
}
