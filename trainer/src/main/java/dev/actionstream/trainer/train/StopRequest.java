package dev.actionstream.trainer.train;

/**
 * A request to end a training before its last epoch, e.g. from Ctrl-C or {@code kill}: the trainer finishes the batch
 * it is on, drops the unfinished epoch, restores the best epoch so far, and the run folder is written as usual.
 * Thread-safe: requested from a signal handler's thread, polled by the training thread after every batch.
 */
public final class StopRequest {

    private volatile boolean requested;

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }
}
