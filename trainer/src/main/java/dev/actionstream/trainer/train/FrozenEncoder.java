package dev.actionstream.trainer.train;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.TrainingConfig;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.TransferLearning;

/**
 * {@link TrainingConfig.TrainLayers#HEAD}: the LRCN's per-frame encoder (every layer before the LSTM) frozen with
 * DL4J's own {@code FrozenLayer}s, so only the LSTM and the output layer learn; {@link TrainingConfig.TrainLayers#TOP}:
 * the encoder frozen up to its last convolution, which learns with the head. Frozen layers run as at inference (no
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
        int lastFrozen = lastFrozenLayer(net, config.trainLayers());
        return new TransferLearning.Builder(net).setFeatureExtractor(lastFrozen).build();
    }

    /**
     * The last layer that keeps its weights: the encoder's last for the head alone, the one before the encoder's last
     * convolution for the top.
     *
     * @throws IllegalArgumentException when nothing would stay frozen (an encoder of one stage trained from the top)
     */
    static int lastFrozenLayer(MultiLayerNetwork net, TrainingConfig.TrainLayers layers) {
        int firstRecurrent = firstRecurrentLayer(net);
        if (layers == TrainingConfig.TrainLayers.HEAD) {
            return firstRecurrent - 1;
        }
        int lastConvolution = firstRecurrent - 1;
        while (lastConvolution > 0 && !(net.getLayer(lastConvolution).conf().getLayer() instanceof ConvolutionLayer)) {
            lastConvolution--;
        }
        if (lastConvolution > 0) {
            return lastConvolution - 1;
        }
        throw new IllegalArgumentException("trainLayers: top keeps the encoder's earlier stages, and this encoder has "
                + "one stage (use trainLayers: all or head)");
    }

    /** Refuses a config that cannot keep encoder layers frozen (head or top), before any data is read. */
    static void check(TrainingConfig config) {
        if (config.architecture() != Architecture.LRCN) {
            throw new IllegalArgumentException("trainLayers: " + config.trainLayers().id() + " freezes the LRCN's "
                    + "per-frame encoder; " + config.architecture().id() + " has none (use trainLayers: all)");
        }
        if (config.initFrom().isEmpty()) {
            throw new IllegalArgumentException("trainLayers: " + config.trainLayers().id() + " keeps the encoder's "
                    + "weights, so it needs initFrom (--init RUN): fresh encoder weights would never learn");
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
        throw new IllegalArgumentException("trainLayers: head and top need layers before the first recurrent layer");
    }
}
