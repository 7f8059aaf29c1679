package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;
import java.util.Objects;

/**
 * Builds the two networks, sized by {@link TrainingConfig} and shaped by {@link ModelSpec} (frames, frame size,
 * channels, classes). The input layout of each is what {@link NetworkInput} produces.
 *
 * <p>ConvLSTM: per filter count, {@link ConvLstm2D} → max-pool (1,2,2) 'same' → dropout (not after the last), then
 * flatten (DL4J order: filters, time, rows, columns) → dense softmax. Input NCDHW {@code [N, C, T, H, W]}.
 *
 * <p>LRCN: per stage, conv 3x3 'same' relu ({@link NativeConvolution}: DL4J's layer, computed natively) → max-pool
 * p x p (stride p, 'same', so small test frames still work) →
 * dropout (not after the last), applied to every frame independently; then the frame features go through an LSTM and
 * the last time step through a dense softmax. Input {@code [N, T, C*H*W]} (RNN format NWC): each time step is one
 * frame flattened planar {@code [C][H][W]}, i.e. the NTCHW window with the frame axes merged.
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
        return switch (spec.architecture()) {
            case CONVLSTM -> convLstm(list, cfg.convlstm(), spec);
            case LRCN -> lrcn(list, cfg.lrcn(), spec);
        };
    }

    /** The DL4J input type matching {@link NetworkInput}'s layout, for {@code MultiLayerNetwork.summary(InputType)}. */
    public static InputType inputType(Architecture architecture, ModelSpec spec) {
        return switch (architecture) {
            case CONVLSTM -> InputType.convolutional3D(Convolution3D.DataFormat.NCDHW, spec.framesPerWindow(),
                    spec.frameHeight(), spec.frameWidth(), spec.channels());
            case LRCN -> InputType.recurrent(spec.frameSize(), spec.framesPerWindow(), RNNFormat.NWC);
        };
    }

    private static MultiLayerConfiguration convLstm(NeuralNetConfiguration.ListBuilder list,
                                                    TrainingConfig.ConvLstm sizes, ModelSpec spec) {
        List<Integer> filters = sizes.filters();
        for (int i = 0; i < filters.size(); i++) {
            list.layer(ConvLstm2D.builder(filters.get(i), sizes.kernelSize()).name("convlstm" + i).build());
            list.layer(new Subsampling3DLayer.Builder(Subsampling3DLayer.PoolingType.MAX, new int[] {1, 2, 2}, new int[] {1, 2, 2})
                    .convolutionMode(ConvolutionMode.Same)
                    .dataFormat(Convolution3D.DataFormat.NCDHW)
                    .name("pool" + i)
                    .build());
            if (i < filters.size() - 1 && sizes.dropout() > 0) {
                list.layer(dropout(sizes.dropout(), "dropout" + i));
            }
        }
        list.layer(softmax(spec));
        list.setInputType(inputType(Architecture.CONVLSTM, spec));
        return list.build();
    }

    private static MultiLayerConfiguration lrcn(NeuralNetConfiguration.ListBuilder list, TrainingConfig.Lrcn sizes,
                                                ModelSpec spec) {
        List<Integer> filters = sizes.filters();
        for (int i = 0; i < filters.size(); i++) {
            int pool = sizes.pools().get(i);
            list.layer(NativeConvolution.of(new ConvolutionLayer.Builder(3, 3)
                    .nOut(filters.get(i))
                    .convolutionMode(ConvolutionMode.Same)
                    .activation(Activation.RELU)
                    .name("conv" + i)));
            list.layer(new SubsamplingLayer.Builder(PoolingType.MAX)
                    .kernelSize(pool, pool)
                    .stride(pool, pool)
                    .convolutionMode(ConvolutionMode.Same)
                    .name("pool" + i)
                    .build());
            if (i < filters.size() - 1 && sizes.dropout() > 0) {
                list.layer(dropout(sizes.dropout(), "dropout" + i));
            }
        }
        list.layer(new LastTimeStep(new LSTM.Builder()
                .nOut(sizes.lstmUnits())
                .activation(Activation.TANH)
                .gateActivationFunction(Activation.SIGMOID)
                .name("lstm")
                .build()));
        list.layer(softmax(spec));
        list.inputPreProcessor(0, new RnnToCnnPreProcessor(spec.frameHeight(), spec.frameWidth(), spec.channels(),
                RNNFormat.NWC));
        list.setInputType(inputType(Architecture.LRCN, spec));
        return list.build();
    }

    /** Keras' {@code Dropout(rate)} drops {@code rate}; DL4J's {@code Dropout(p)} retains {@code p}. */
    private static DropoutLayer dropout(double rate, String name) {
        return new DropoutLayer.Builder().dropOut(new Dropout(1.0 - rate)).name(name).build();
    }

    private static OutputLayer softmax(ModelSpec spec) {
        return new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(spec.numClasses())
                .activation(Activation.SOFTMAX)
                .name("softmax")
                .build();
    }
}
