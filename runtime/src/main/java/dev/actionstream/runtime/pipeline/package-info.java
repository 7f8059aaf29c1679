/**
 * The engine assembled: sources → ring → scoring → one {@code EventSink}, the model registry with its watcher and the
 * stall watchdog; knows no transport. Started and closed by its owner's thread; runs on the threads it starts.
 */
package dev.actionstream.runtime.pipeline;
