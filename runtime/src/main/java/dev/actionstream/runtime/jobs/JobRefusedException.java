package dev.actionstream.runtime.jobs;

/** A job request or job operation that cannot be served, with the HTTP status that says why. */
public final class JobRefusedException extends Exception {

    private final int status;

    public JobRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
