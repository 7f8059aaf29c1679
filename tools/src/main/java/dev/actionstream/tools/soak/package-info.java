/**
 * {@code actionstream soak}: the real pipeline and server for a bounded time with faults injected
 * ({@link dev.actionstream.tools.soak.SoakCommand}): an RTSP camera in a child process that is killed and restarted
 * ({@link dev.actionstream.tools.soak.SoakRtspServer}), garbage and greedy models dropped in, WebSocket clients that
 * never read and clients that trickle request bodies. Runs on the caller's thread plus the clients' own.
 */
package dev.actionstream.tools.soak;
