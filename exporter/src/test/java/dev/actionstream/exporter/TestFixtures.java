package dev.actionstream.exporter;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.List;

/** Small untrained networks built by the trainer's own factory: random weights are all parity needs. */
public final class TestFixtures {

    private TestFixtures() {
    }

    public static ModelSpec spec(Architecture architecture, int frames, int height, int width) {
        return spec(architecture, frames, height, width, List.of("walk", "run", "jump", "wave"), "");
    }

    public static ModelSpec spec(Architecture architecture, int frames, int height, int width, List<String> labels,
                                 String trainingData) {
        return new ModelSpec("test-" + architecture.id(), "3", architecture, labels, frames, height, width, 3,
                ChannelOrder.BGR, Normalisation.unit(), trainingData, "");
    }

    /** Tiny layer sizes, so tests take seconds. */
    public static TrainingConfig smallConfig(Architecture architecture, ModelSpec spec, long seed) {
        return new TrainingConfig(architecture,
                DatasetConfig.defaults().withGeometry(spec.framesPerWindow(), spec.frameHeight(), spec.frameWidth()),
                1, 2, 1e-3, seed, 1, false,
                new ConvLstmConfig(List.of(3, 4), 3, 0.2),
                new LrcnConfig(List.of(4, 6, 8), List.of(2, 2, 2), 0.25, 8));
    }

    public static MultiLayerNetwork small(ModelSpec spec, long seed) {
        return sharpened(NetworkFactory.build(smallConfig(spec.architecture(), spec, seed), spec));
    }

    /** The seeds' layer sizes (TrainingConfig defaults). */
    public static MultiLayerNetwork seeds(ModelSpec spec) {
        return sharpened(NetworkFactory.build(TrainingConfig.defaults().withArchitecture(spec.architecture()), spec));
    }

    /**
     * Untrained networks answer almost uniformly, which would make agreement within 1e-4 too easy; scaling the
     * output layer's weights amplifies any upstream difference and spreads the probabilities like a trained model's.
     */
    private static MultiLayerNetwork sharpened(MultiLayerNetwork net) {
        // LRCN features come out of an LSTM, already in [-1, 1] and far larger than the ConvLSTM's flattened maps.
        double factor = net.getLayer(0).conf().getLayer() instanceof dev.actionstream.trainer.model.ConvLstm2D ? 40 : 5;
        net.getLayer(net.getnLayers() - 1).getParam("W").muli(factor);
        return net;
    }

}
