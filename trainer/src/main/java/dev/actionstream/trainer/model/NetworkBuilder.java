package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ArchitectureConfig;
import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;

/**
 * Builds the layers of one {@link Architecture}, sized by its {@link ArchitectureConfig} and shaped by the
 * {@link ModelSpec}, and says how a window feeds them. One implementation per architecture, found through
 * {@link NetworkBuilders}.
 */
public interface NetworkBuilder<C extends ArchitectureConfig> {

    Architecture architecture();

    Class<C> configType();

    /** The layer layout this network takes its windows in. */
    InputLayout input();

    /** Adds the layers to {@code list} (already holding seed, precision, updater and workspaces) and builds it. */
    MultiLayerConfiguration configure(NeuralNetConfiguration.ListBuilder list, C sizes, ModelSpec spec);
}
