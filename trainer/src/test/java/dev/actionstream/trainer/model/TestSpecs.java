package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.TrainingConfig;

import java.util.List;
import java.util.Random;

/** Specs and configs shared by the model tests: the seeds' sizes and tiny ones. */
final class TestSpecs {

    private TestSpecs() {
    }

    static ModelSpec spec(Architecture architecture, int frames, int height, int width, int classes) {
        List<String> labels = java.util.stream.IntStream.range(0, classes).mapToObj(i -> "class" + i).toList();
        return new ModelSpec(architecture.id() + "-test", "1", architecture, labels, frames, height, width, 3,
                ChannelOrder.BGR, Normalisation.unit(), "", "");
    }

    static TrainingConfig tiny(Architecture architecture, int frames, int size) {
        TrainingConfig d = TrainingConfig.defaults();
        return new TrainingConfig(architecture, d.dataset().withGeometry(frames, size, size), 3, 4, 1e-2, 7L, 2, false,
                new ConvLstmConfig(List.of(2, 3), 3, 0.2),
                new LrcnConfig(List.of(4, 4), List.of(2, 2), 0.25, 5));
    }

    static DatasetConfig geometry(int frames, int size) {
        return DatasetConfig.defaults().withGeometry(frames, size, size);
    }

    static List<float[]> randomWindows(int n, ModelSpec spec, long seed) {
        Random random = new Random(seed);
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> {
            float[] w = new float[spec.windowSize()];
            for (int j = 0; j < w.length; j++) {
                w[j] = random.nextFloat();
            }
            return w;
        }).toList();
    }
}
