/**
 * The scoring thread ({@code score-0}): consumes prepared frames from the ring, keeps per-stream windows, runs
 * ready windows of all streams as one ONNX Runtime batch (on the CPU split into parallel runs on part threads), and
 * turns probabilities into smoothed label events.
 */
package dev.actionstream.runtime.scoring;
