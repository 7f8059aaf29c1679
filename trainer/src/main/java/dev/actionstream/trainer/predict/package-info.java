/**
 * Prediction with a trained run: the whole-video top-k answer (evenly spaced frames, as in training) and the
 * sliding-window overlay video (last T consecutive frames, moving average of the last K windows).
 */
package dev.actionstream.trainer.predict;
