/**
 * {@code actionstream export}: a training run folder → self-describing ONNX file(s), written only after parity with
 * the DL4J network is proven. Conversion lives in {@code convert}, ONNX writing in {@code onnx}, proof in {@code parity}.
 */
package dev.actionstream.exporter;
