package dev.actionstream.trainer.train;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.TrainingConfig;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.TransferLearning;

/**
 * {@link TrainingConfig.TrainLayers#HEAD}: the LRCN's per-frame encoder (every layer before the LSTM) frozen with
 * DL4J's own {@code FrozenLayer}s, so only the LSTM and the output layer learn. Frozen layers run as at inference (no
 * dropout) and take no updates. {@link #copyBack} moves the trained weights into a network of the run's own
 * configuration (no frozen wrappers), which is what is saved, calibrated and exported.
 */
final class FrozenEncoder {

    private FrozenEncoder() {
    }

    /**
     * A copy of {@code net} whose encoder is frozen.
     *
     * @throws IllegalArgumentException when the config is not an LRCN started from a run
     */
    static MultiLayerNetwork freeze(MultiLayerNetwork net, TrainingConfig config) {
        check(config);
        int lastEncoderLayer = firstRecurrentLayer(net) - 1;
        return new TransferLearning.Builder(net).setFeatureExtractor(lastEncoderLayer).build();
    }

    /** Refuses a config that cannot train the head alone, before any data is read. */
    static void check(TrainingConfig config) {
        if (config.architecture() != Architecture.LRCN) {
            throw new IllegalArgumentException("trainLayers: head freezes the LRCN's per-frame encoder; "
                    + config.architecture().id() + " has none (use trainLayers: all)");
        }
        if (config.initFrom().isEmpty()) {
            throw new IllegalArgumentException("trainLayers: head keeps the encoder's weights, so it needs initFrom "
                    + "(--init RUN): fresh encoder weights would never learn");
        }
    }

    /** Copies the trained weights of {@code frozen} into {@code net} (same layers, same parameter order). */
    static void copyBack(MultiLayerNetwork frozen, MultiLayerNetwork net) {
        if (frozen.numParams() != net.numParams()) {
            throw new IllegalStateException("frozen network has " + frozen.numParams() + " parameters, the run's "
                    + net.numParams());
        }
        net.setParams(frozen.params().dup());
    }

    private static int firstRecurrentLayer(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer conf = net.getLayer(i).conf().getLayer();
            if (conf instanceof LastTimeStep || conf instanceof BaseRecurrentLayer) {
                if (i == 0) {
                    break;
                }
                return i;
            }
        }
        throw new IllegalArgumentException("trainLayers: head needs layers before the first recurrent layer");
    }
}
