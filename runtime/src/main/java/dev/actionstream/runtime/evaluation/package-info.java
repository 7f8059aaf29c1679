/**
 * Held-out accuracy inside the runtime: a job's held-out captured clips decoded as serving decodes a file, prepared
 * with each model's own {@code FramePreparer}, windowed at each model's frame interval and scored with ONNX Runtime,
 * for the candidate and the serving model side by side. Runs on the {@code job-runner} thread, never while scoring.
 */
package dev.actionstream.runtime.evaluation;
