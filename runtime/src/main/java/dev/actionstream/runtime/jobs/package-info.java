/**
 * Training jobs run from the live view: a dataset of captured clips becomes a candidate model through the trainer and
 * the exporter, each a separate process (the runtime never loads DL4J), one job at a time on the {@code job-runner}
 * thread, with progress parsed from the trainer's {@code --progress-json} lines and every job persisted as JSON.
 */
package dev.actionstream.runtime.jobs;
