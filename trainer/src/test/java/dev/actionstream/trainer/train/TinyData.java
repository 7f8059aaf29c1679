package dev.actionstream.trainer.train;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.dataset.WindowSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Tiny, learnable in-memory windows: class 0 has a bright left half, class 1 a bright right half, plus noise. */
final class TinyData {

    static final int FRAMES = 3;
    static final int SIZE = 12;

    private TinyData() {
    }

    static ModelSpec spec(Architecture architecture) {
        return spec(architecture, FRAMES, SIZE);
    }

    static ModelSpec spec(Architecture architecture, int frames, int size) {
        return new ModelSpec("tiny", "1", architecture, List.of("left", "right"), frames, size, size, 3,
                ChannelOrder.BGR, Normalisation.unit(), "", "");
    }

    static TrainingConfig config(Architecture architecture, int epochs, int patience) {
        DatasetConfig d = DatasetConfig.defaults().withGeometry(FRAMES, SIZE, SIZE);
        return new TrainingConfig(architecture, d, epochs, 4, 2e-2, 11L, patience, false,
                new ConvLstmConfig(List.of(2, 2), 3, 0.2),
                new LrcnConfig(List.of(4, 4), List.of(2, 2), 0.25, 4));
    }

    /** {@code n} windows alternating between the classes; {@code flip} swaps every label (a misleading split). */
    static WindowSet windows(int n, long seed, boolean flip) {
        return windows(n, seed, flip, FRAMES, SIZE);
    }

    /** The same windows at another length and frame size. */
    static WindowSet windows(int n, long seed, boolean flip, int frames, int size) {
        Random random = new Random(seed);
        List<float[]> windows = new ArrayList<>();
        int[] labels = new int[n];
        List<Path> files = new ArrayList<>();
        int plane = size * size;
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            float[] w = new float[frames * 3 * plane];
            for (int t = 0; t < frames; t++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < size; y++) {
                        for (int x = 0; x < size; x++) {
                            boolean bright = (x < size / 2) == (label == 0);
                            w[(t * 3 + c) * plane + y * size + x] = (bright ? 0.7f : 0.2f) + 0.2f * random.nextFloat();
                        }
                    }
                }
            }
            windows.add(w);
            labels[i] = flip ? 1 - label : label;
            files.add(Path.of("window" + i));
        }
        return new WindowSet(windows, labels, files, frames, 3, size, size);
    }
}
