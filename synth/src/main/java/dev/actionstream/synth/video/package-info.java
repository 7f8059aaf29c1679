/**
 * The synthetic dataset as real video files: {@link dev.actionstream.synth.video.SyntheticDatasetWriter} lays out one
 * folder of MP4 clips per action, encoded by {@link dev.actionstream.synth.video.Mp4ClipWriter} (H.264 via OpenH264).
 */
package dev.actionstream.synth.video;
