/**
 * Writing ONNX models with the protobuf classes nd4j-api ships ({@code onnx.Onnx.*}): a small graph builder and the
 * model envelope (opset, producer, metadata). Knows nothing about DL4J.
 */
package dev.actionstream.exporter.onnx;
