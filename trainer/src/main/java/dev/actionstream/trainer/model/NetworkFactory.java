package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ArchitectureConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Objects;

/**
 * Builds the network of {@code spec.architecture()}, sized by that architecture's section of {@link TrainingConfig}
 * and shaped by {@link ModelSpec} (frames, frame size, channels, classes). The settings every architecture shares
 * (seed, precision, Adam, Xavier init, workspaces) are set here; the layers come from its {@link NetworkBuilder}.
 */
public final class NetworkFactory {

    private NetworkFactory() {
    }

    /** An initialised network (float32) for {@code spec}; weights are drawn from {@code cfg.seed()}. */
    public static MultiLayerNetwork build(TrainingConfig cfg, ModelSpec spec) {
        return build(cfg, spec, DataType.FLOAT);
    }

    /** As {@link #build(TrainingConfig, ModelSpec)} in a chosen precision (gradient checks need double). */
    public static MultiLayerNetwork build(TrainingConfig cfg, ModelSpec spec, DataType dataType) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(cfg, spec, dataType));
        net.init();
        return net;
    }

    public static MultiLayerConfiguration configuration(TrainingConfig cfg, ModelSpec spec, DataType dataType) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(spec, "spec");
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(cfg.seed())
                .dataType(dataType)
                .updater(new Adam(cfg.learningRate()))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        return configure(NetworkBuilders.of(spec.architecture()), list, cfg.network(spec.architecture()), spec);
    }

    /** The DL4J input type matching {@link NetworkInput}'s layout, for {@code MultiLayerNetwork.summary(InputType)}. */
    public static InputType inputType(Architecture architecture, ModelSpec spec) {
        return NetworkBuilders.of(architecture).input().inputType(spec);
    }

    private static <C extends ArchitectureConfig> MultiLayerConfiguration configure(
            NetworkBuilder<C> builder, NeuralNetConfiguration.ListBuilder list, ArchitectureConfig sizes, ModelSpec spec) {
        return builder.configure(list, builder.configType().cast(sizes), spec);
    }
}
