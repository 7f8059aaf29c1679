package dev.actionstream.exporter.convert;

import dev.actionstream.trainer.model.ConvLstm2D;
import dev.actionstream.trainer.model.NativeConvolution;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.Subsampling3DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;

import java.util.Map;
import java.util.Objects;

/**
 * The layer types the exporter can mirror, each with its {@link LayerEmitter}. Matched by exact class: a subclass may
 * compute something else, so it needs an entry of its own.
 */
final class LayerEmitters {

    private final Map<Class<? extends Layer>, LayerEmitter> byType;

    LayerEmitters(Map<Class<? extends Layer>, LayerEmitter> byType) {
        this.byType = Map.copyOf(Objects.requireNonNull(byType, "byType"));
    }

    /** Every layer the trainer's architectures use, and the plain DL4J layers with an exact ONNX twin. */
    static LayerEmitters standard() {
        LayerEmitter convolution = new ConvolutionEmitter();
        LayerEmitter dense = new DenseEmitter();
        LstmEmitter lstm = new LstmEmitter();
        return new LayerEmitters(Map.<Class<? extends Layer>, LayerEmitter>ofEntries(
                Map.entry(DropoutLayer.class, (LayerEmitter) (g, layer, f) -> f), // identity at inference
                Map.entry(ConvolutionLayer.class, convolution),
                Map.entry(NativeConvolution.class, convolution),
                Map.entry(SubsamplingLayer.class, new PoolingEmitter()),
                Map.entry(Subsampling3DLayer.class, new Pooling3dEmitter()),
                Map.entry(DenseLayer.class, dense),
                Map.entry(OutputLayer.class, dense),
                Map.entry(RnnOutputLayer.class, new TimeDistributedDenseEmitter()),
                Map.entry(LSTM.class, lstm),
                Map.entry(LastTimeStep.class, new LastTimeStepEmitter(lstm)),
                Map.entry(ConvLstm2D.class, new ConvLstmEmitter())));
    }

    /** The emitter for {@code layer}'s class, or {@code null} when it has none. */
    LayerEmitter of(Layer layer) {
        return byType.get(layer.getClass());
    }
}
