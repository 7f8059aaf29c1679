package dev.actionstream.trainer.train;

import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.synth.video.SyntheticDatasetWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Real video datasets for tests, written by the synth module: six action folders of tiny MP4 clips. */
public final class TestDatasets {

    private TestDatasets() {
    }

    /** Four 8-frame 32x32 clips per class: per class one test, one validation and two training videos. */
    public static Path write(Path root) throws IOException {
        new SyntheticDatasetWriter(new SyntheticDatasetWriter.Settings(root, 4, 3, 32, 32, 8, 25)).write(false);
        return root;
    }

    /** Tiny networks over 4 frames of 16x16, decoded into {@code cache}. */
    public static TrainingConfig tinyConfig(dev.actionstream.config.Architecture architecture, Path cache, int epochs) {
        DatasetConfig d = DatasetConfig.defaults();
        DatasetConfig geometry = new DatasetConfig(4, 16, 16, d.channelOrder(), d.trainFraction(),
                d.validationFraction(), d.testFraction(), d.splitSeed(), cache.toString(), null);
        return new TrainingConfig(architecture, geometry, epochs, 4, 1e-2, 5L, 3, false,
                new ConvLstmConfig(List.of(2, 2), 3, 0.2),
                new LrcnConfig(List.of(4, 4), List.of(2, 2), 0.25, 4));
    }
}
