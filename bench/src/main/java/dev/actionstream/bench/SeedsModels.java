package dev.actionstream.bench;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.synth.Action;

import java.util.SplittableRandom;

/**
 * The geometry every benchmark runs at: the seeds' model size, 20 frames of 64x64 BGR, one class per synthetic
 * action (6), default layer sizes and a fixed weight seed, so two runs benchmark the same network.
 */
public final class SeedsModels {

    public static final int FRAMES = 20;
    public static final int SIZE = 64;
    public static final int CHANNELS = 3;
    public static final long SEED = 27L;

    private SeedsModels() {
    }

    public static ModelSpec spec(Architecture architecture) {
        return new ModelSpec("bench-" + architecture.id(), "1", architecture, Action.labels(), FRAMES, SIZE, SIZE,
                CHANNELS, ChannelOrder.BGR, Normalisation.unit(), "random weights", "");
    }

    /** Default layer sizes; only the seed matters here, nothing is trained. */
    public static TrainingConfig training(Architecture architecture) {
        TrainingConfig d = TrainingConfig.defaults().withArchitecture(architecture);
        return new TrainingConfig(architecture, d.dataset(), d.epochs(), d.batchSize(), d.learningRate(), SEED,
                d.patience(), d.mirror(), d.network(ConvLstmConfig.class), d.network(LrcnConfig.class));
    }

    /** {@code count} prepared-looking windows ({@code [T][C][H][W]}, values in [0, 1)) drawn from {@code seed}. */
    public static float[][] randomWindows(ModelSpec spec, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] windows = new float[count][spec.windowSize()];
        for (float[] w : windows) {
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) random.nextDouble();
            }
        }
        return windows;
    }
}
