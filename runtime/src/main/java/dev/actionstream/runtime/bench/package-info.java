/**
 * The end-to-end load harness behind {@code actionstream bench}: N streams through the real {@code Pipeline} for a
 * fixed time ({@link dev.actionstream.runtime.bench.LoadTrial}), and the search for the largest N that stays real time
 * ({@link dev.actionstream.runtime.bench.LoadSearch}). Runs on the caller's thread; the pipeline's threads do the work.
 */
package dev.actionstream.runtime.bench;
