/**
 * What a trained network knows about its own answers: temperature scaling (calibrated probabilities), the
 * penultimate-feature statistics behind the out-of-distribution score, the threshold that separates known windows
 * from unknown ones, and the figures that judge them (ECE, AUROC). Fitted after training or at export; all in double.
 */
package dev.actionstream.trainer.calibration;
