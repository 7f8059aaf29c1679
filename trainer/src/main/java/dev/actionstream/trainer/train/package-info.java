/**
 * Training and evaluation of the DL4J networks: the seeded training loop with early stopping, per-epoch metrics, the
 * held-out evaluation, and the run folder that collects the model, its spec and the reports.
 */
package dev.actionstream.trainer.train;
