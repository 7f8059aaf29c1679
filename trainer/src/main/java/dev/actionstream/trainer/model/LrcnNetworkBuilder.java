package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.preprocessor.RnnToCnnPreProcessor;
import org.nd4j.linalg.activations.Activation;

import java.util.List;

/**
 * Per stage, conv 3x3 'same' relu ({@link NativeConvolution}: DL4J's layer, computed natively) → max-pool p x p
 * (stride p, 'same', so small test frames still work) → dropout (not after the last), applied to every frame
 * independently; then the frame features go through an LSTM and the last time step through a dense softmax. Input
 * {@code [N, T, C*H*W]} (RNN format NWC): each time step is one frame flattened planar {@code [C][H][W]}, i.e. the
 * NTCHW window with the frame axes merged.
 */
final class LrcnNetworkBuilder implements NetworkBuilder<LrcnConfig> {

    private final InputLayout input = new FrameSequenceInput();

    @Override
    public Architecture architecture() {
        return Architecture.LRCN;
    }

    @Override
    public Class<LrcnConfig> configType() {
        return LrcnConfig.class;
    }

    @Override
    public InputLayout input() {
        return input;
    }

    @Override
    public MultiLayerConfiguration configure(NeuralNetConfiguration.ListBuilder list, LrcnConfig sizes, ModelSpec spec) {
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
                list.layer(KerasLayers.dropout(sizes.dropout(), "dropout" + i));
            }
        }
        list.layer(new LastTimeStep(new LSTM.Builder()
                .nOut(sizes.lstmUnits())
                .activation(Activation.TANH)
                .gateActivationFunction(Activation.SIGMOID)
                .name("lstm")
                .build()));
        list.layer(KerasLayers.softmax(spec));
        list.inputPreProcessor(0, new RnnToCnnPreProcessor(spec.frameHeight(), spec.frameWidth(), spec.channels(),
                RNNFormat.NWC));
        list.setInputType(input.inputType(spec));
        return list.build();
    }
}
