/**
 * DL4J {@code MultiLayerNetwork} → ONNX graph, layer by layer: {@code LayerEmitters} maps each supported layer class to
 * the emitter that mirrors it with the same arithmetic; anything without a faithful mapping is refused by layer index,
 * class and name.
 */
package dev.actionstream.exporter.convert;
