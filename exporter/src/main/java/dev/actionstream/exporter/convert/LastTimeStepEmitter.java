package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;

/** LastTimeStep around an LSTM (the LRCN's): the ONNX LSTM's final hidden state. Other wrapped layers are refused. */
final class LastTimeStepEmitter implements LayerEmitter {

    private final LstmEmitter lstm;

    LastTimeStepEmitter(LstmEmitter lstm) {
        this.lstm = lstm;
    }

    @Override
    public Flow emit(OnnxGraph g, SourceLayer layer, Flow f) {
        LastTimeStep wrapper = (LastTimeStep) layer.conf();
        if (wrapper.getUnderlying().getClass() != LSTM.class) {
            throw layer.unsupported("no ONNX mapping for this layer type");
        }
        return lstm.emit(g, layer, (LSTM) wrapper.getUnderlying(), f, true);
    }
}
