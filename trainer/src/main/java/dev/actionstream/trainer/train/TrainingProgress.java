package dev.actionstream.trainer.train;

/**
 * Where a training reports how far it is, for a program watching it (the runtime's job runner) rather than a person.
 * Called on the training thread; an implementation must be cheap and must not throw.
 */
public interface TrainingProgress {

    /** Reports nothing. */
    TrainingProgress NONE = new TrainingProgress() {
    };

    /** A stage began: {@code decoding}, {@code training}, {@code evaluating}, {@code calibrating}, {@code written}. */
    default void phase(String phase) {
    }

    /** A minibatch finished; loss and accuracy are the epoch's running means. */
    default void batch(int epoch, int epochs, int batch, int batches, double loss, double accuracy) {
    }

    /** An epoch finished (validation included). */
    default void epoch(EpochMetrics metrics, int epochs) {
    }
}
