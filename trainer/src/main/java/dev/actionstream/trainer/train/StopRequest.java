package dev.actionstream.trainer.train;

/**
 * A request to end a training before its last epoch, e.g. from Ctrl-C or {@code kill}: the trainer finishes the batch
 * it is on, drops the unfinished epoch, restores the best epoch so far, and the run folder is written as usual.
 * Thread-safe: requested from a signal handler's thread, polled by the training thread after every batch.
 */
public final class StopRequest {

    private volatile boolean requested;
    private volatile boolean training;
    private volatile long budgetNanos;
    private volatile long trainingStartedNanos;
    private volatile boolean epochFinished;

    /** No time limit: only {@link #request} stops. */
    public StopRequest() {
    }

    /**
     * Also stops once training has run for {@code budgetSeconds} (decoding not counted), but never before the first
     * epoch finished: a time budget always yields a run.
     */
    public static StopRequest withBudget(double budgetSeconds) {
        if (!(budgetSeconds > 0)) {
            throw new IllegalArgumentException("a time budget must be positive, got " + budgetSeconds + " s");
        }
        StopRequest s = new StopRequest();
        s.budgetNanos = (long) (budgetSeconds * 1e9);
        return s;
    }

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
        trainingStartedNanos = System.nanoTime();
        training = true;
    }

    /** Called by the trainer after each finished epoch. */
    void epochFinished() {
        epochFinished = true;
    }

    /** Whether a stop was requested or the time budget is spent (after at least one epoch). */
    public boolean requested() {
        return requested || budgetSpent();
    }

    /** Whether the time budget, if any, ended the training. */
    public boolean budgetSpent() {
        return budgetNanos > 0 && training && epochFinished
                && System.nanoTime() - trainingStartedNanos >= budgetNanos;
    }
}
