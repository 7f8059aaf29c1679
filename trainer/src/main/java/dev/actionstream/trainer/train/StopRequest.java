package dev.actionstream.trainer.train;

/**
 * A request to end a training before its last epoch, e.g. from Ctrl-C or {@code kill}: the trainer finishes the batch
 * it is on, drops the unfinished epoch, restores the best epoch so far, and the run folder is written as usual.
 * Thread-safe: requested from a signal handler's thread, polled by the training thread after every batch.
 */
public final class StopRequest {

    private volatile boolean requested;
    private volatile boolean training;

    /**
     * Requests the stop.
     *
     * @return whether a training is under way that will now end and write its run; {@code false} while the dataset is
     *         still being decoded, when there is nothing to write and no reason to wait
     */
    public boolean request() {
        requested = true;
        return training;
    }

    /** Called by the trainer as it starts polling. */
    void trainingStarted() {
        training = true;
    }

    public boolean requested() {
        return requested;
    }
}
