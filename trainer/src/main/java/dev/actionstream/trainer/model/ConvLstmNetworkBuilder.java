package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Convolution3D;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;

import java.util.List;

/**
 * Per filter count, {@link ConvLstm2D} → max-pool (1,2,2) 'same' → dropout (not after the last), then flatten
 * (DL4J order: filters, time, rows, columns) → dense softmax. Input NCDHW {@code [N, C, T, H, W]}.
 */
final class ConvLstmNetworkBuilder implements NetworkBuilder<ConvLstmConfig> {

    private final InputLayout input = new NcdhwInput();

    @Override
    public Architecture architecture() {
        return Architecture.CONVLSTM;
    }

    @Override
    public Class<ConvLstmConfig> configType() {
        return ConvLstmConfig.class;
    }

    @Override
    public InputLayout input() {
        return input;
    }

    @Override
    public MultiLayerConfiguration configure(NeuralNetConfiguration.ListBuilder list, ConvLstmConfig sizes,
                                             ModelSpec spec) {
        List<Integer> filters = sizes.filters();
        for (int i = 0; i < filters.size(); i++) {
            list.layer(ConvLstm2D.builder(filters.get(i), sizes.kernelSize()).name("convlstm" + i).build());
            list.layer(new Subsampling3DLayer.Builder(Subsampling3DLayer.PoolingType.MAX, new int[] {1, 2, 2}, new int[] {1, 2, 2})
                    .convolutionMode(ConvolutionMode.Same)
                    .dataFormat(Convolution3D.DataFormat.NCDHW)
                    .name("pool" + i)
                    .build());
            if (i < filters.size() - 1 && sizes.dropout() > 0) {
                list.layer(KerasLayers.dropout(sizes.dropout(), "dropout" + i));
            }
        }
        list.layer(KerasLayers.softmax(spec));
        list.setInputType(input.inputType(spec));
        return list.build();
    }
}
