/**
 * The contract shared by trainer, exporter and runtime: typed configuration, the {@code ModelSpec} inside every model,
 * {@code FramePreparer} (where a decoded frame becomes model input) and the ONNX file contract ({@code OnnxContract},
 * {@code ModelForm}, {@code ModelFiles}).
 */
package dev.actionstream.config;
