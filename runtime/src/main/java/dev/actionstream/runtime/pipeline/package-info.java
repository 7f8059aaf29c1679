/**
 * The one place where the runtime's stages are assembled and wired: sources → ring → scoring → events, the model
 * registry with its directory watcher, metrics, and the status and model-control views the server exposes.
 */
package dev.actionstream.runtime.pipeline;
