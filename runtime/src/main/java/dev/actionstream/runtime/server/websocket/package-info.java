/**
 * Label and state events over WebSocket ({@code /ws}): the sink the scoring and grabber threads publish into, and the
 * per-subscriber handler and registry; writes run on Netty's event loops with bounded per-subscriber buffers.
 */
package dev.actionstream.runtime.server.websocket;
