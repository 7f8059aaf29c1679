package dev.actionstream.trainer.train;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.samediff.AbstractSameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Changes the learning rate of every layer of a network in place, keeping the optimiser's state (Adam's moments).
 *
 * <p>DL4J's own {@code MultiLayerNetwork.setLearningRate} only reaches {@code BaseLayer}s: the ConvLSTM2D layer is a
 * {@code SameDiffLayer} and would silently keep the old rate. The updater blocks hold the very {@link IUpdater}
 * objects of the layer configurations, so changing those objects takes effect at the next step.
 */
final class LearningRates {

    private LearningRates() {
    }

    static void set(MultiLayerNetwork net, double learningRate) {
        Set<IUpdater> updaters = Collections.newSetFromMap(new IdentityHashMap<>());
        for (org.deeplearning4j.nn.api.Layer layer : net.getLayers()) {
            Layer conf = layer.conf().getLayer();
            if (conf instanceof BaseLayer base) {
                add(updaters, base.getIUpdater());
                add(updaters, base.getBiasUpdater());
            } else if (conf instanceof AbstractSameDiffLayer sameDiff) {
                add(updaters, sameDiff.getUpdater());
                add(updaters, sameDiff.getBiasUpdater());
            }
        }
        for (IUpdater updater : updaters) {
            if (updater.hasLearningRate()) {
                updater.setLrAndSchedule(learningRate, null);
            }
        }
    }

    private static void add(Set<IUpdater> updaters, IUpdater updater) {
        if (updater != null) {
            updaters.add(updater);
        }
    }
}
