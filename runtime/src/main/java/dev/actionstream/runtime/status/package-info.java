/**
 * What the runtime reports about itself (streams, model, provider) and the model-management operations the HTTP API
 * exposes; the pipeline implements them, the server only reads and calls them.
 */
package dev.actionstream.runtime.status;
