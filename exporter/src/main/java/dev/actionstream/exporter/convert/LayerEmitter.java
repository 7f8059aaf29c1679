package dev.actionstream.exporter.convert;

import dev.actionstream.exporter.onnx.OnnxGraph;

/**
 * Mirrors one DL4J layer type as ONNX nodes with the same arithmetic. {@link LayerEmitters} maps each supported layer
 * class to its emitter; a new layer type needs one new emitter there and nothing else.
 */
interface LayerEmitter {

    /**
     * Appends {@code layer}'s nodes to {@code g}, reading {@code in}; returns the layer's output.
     *
     * @throws UnsupportedLayerException when this configuration of the layer has no exact ONNX equivalent
     */
    Flow emit(OnnxGraph g, SourceLayer layer, Flow in);
}
