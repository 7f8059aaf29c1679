/**
 * Prediction on a video file with a trained run or an exported ONNX model: every window of T consecutive frames is
 * scored once ({@link dev.actionstream.trainer.predict.VideoScorer} → {@link dev.actionstream.trainer.predict.VideoScores}),
 * and the printed top-k (mean of the windows), the summary line and the overlay video's per-frame labels are all read
 * from that one result. Which frames form a window is decided in {@link dev.actionstream.trainer.predict.SlidingWindows}
 * alone.
 */
package dev.actionstream.trainer.predict;
