/**
 * The contract shared by trainer, exporter and runtime: typed configuration, the {@link dev.actionstream.config.ModelSpec}
 * that travels inside every exported model, and {@link dev.actionstream.config.FramePreparer}, the one place where a
 * decoded frame becomes model input.
 */
package dev.actionstream.config;
