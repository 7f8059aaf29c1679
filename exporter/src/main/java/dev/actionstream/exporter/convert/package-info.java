/**
 * DL4J {@code MultiLayerNetwork} → ONNX graph, layer by layer. Each DL4J layer (and input preprocessor) is mirrored by
 * ONNX nodes with the same arithmetic; anything without a faithful mapping is refused by layer index, class and name.
 */
package dev.actionstream.exporter.convert;
