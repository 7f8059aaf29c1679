/**
 * The runtime's one HTTP port: WebSocket label events, the REST API, Prometheus metrics (and later the live view).
 * Everything here runs on Netty event loops and never blocks them; model installs run on the {@code model-api} thread.
 */
package dev.actionstream.runtime.server;
