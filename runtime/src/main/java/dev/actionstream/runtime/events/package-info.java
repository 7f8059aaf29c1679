/**
 * Label events and their delivery to subscribers over WebSocket. Publishing runs on the scoring thread and never
 * blocks; writes happen on Netty's event loops with bounded per-subscriber buffers.
 */
package dev.actionstream.runtime.events;
