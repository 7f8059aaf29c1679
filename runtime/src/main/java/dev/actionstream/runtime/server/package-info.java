/**
 * The runtime's one HTTP port: the connection pipeline, the REST API, Prometheus metrics and routes others add (the live
 * view); WebSocket delivery is in {@code websocket}. Runs on Netty event loops, model installs on {@code model-api}.
 */
package dev.actionstream.runtime.server;
