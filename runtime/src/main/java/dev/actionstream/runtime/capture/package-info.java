/**
 * Live streams as training data. Grabbers copy a downscaled frame into a per-stream hand-off ({@code grab-<s>},
 * never blocking, never allocating); the {@code capture-jpeg} thread compresses it into the stream's bounded
 * {@link dev.actionstream.runtime.capture.PreRollBuffer}; {@code POST /api/captures} (event loop: validation only)
 * hands a stretch of it to the {@code capture-writer} thread, which writes an MP4 clip and its sidecar into a dataset
 * folder in the UCF layout.
 */
package dev.actionstream.runtime.capture;
