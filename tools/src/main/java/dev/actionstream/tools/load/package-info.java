/**
 * The end-to-end load harness behind {@code actionstream bench} ({@link dev.actionstream.tools.load.BenchCommand}):
 * N streams through the real {@code Pipeline} for a fixed time ({@link dev.actionstream.tools.load.LoadTrial}), and
 * the search for the largest N that stays real time ({@link dev.actionstream.tools.load.LoadSearch}), on pre-rendered
 * frames or real H.264 ({@link dev.actionstream.tools.load.SyntheticH264}) measured against decoding alone
 * ({@link dev.actionstream.tools.load.DecodeCeiling}). Runs on the caller's thread; the pipeline's threads do the work.
 */
package dev.actionstream.tools.load;
