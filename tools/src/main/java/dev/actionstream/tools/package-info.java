/**
 * The runtime's load harness, apart from what serves: {@link dev.actionstream.tools.ToolsCli} dispatches
 * {@code actionstream bench} ({@code load}) and {@code actionstream soak} ({@code soak}). Runs on the main thread;
 * the pipeline's and server's threads do the work.
 */
package dev.actionstream.tools;
