/**
 * The one place that builds the serving runtime from config (pipeline, event server, live view, event sinks) and
 * starts and closes it in order; runs on the command's thread, what it starts runs on its own threads.
 */
package dev.actionstream.runtime.app;
