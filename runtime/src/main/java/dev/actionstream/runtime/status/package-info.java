/**
 * What the runtime reports about itself for {@code GET /api/status} (streams, model, provider): immutable snapshots
 * the pipeline builds on request, read by the server's event loops.
 */
package dev.actionstream.runtime.status;
