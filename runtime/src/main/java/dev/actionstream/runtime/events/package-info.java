/**
 * Label events, and stream state changes for subscribers that ask, and their delivery over WebSocket. Publishing
 * runs on the scoring (or grabber) thread and never blocks; writes happen on Netty's event loops with bounded
 * per-subscriber buffers.
 */
package dev.actionstream.runtime.events;
