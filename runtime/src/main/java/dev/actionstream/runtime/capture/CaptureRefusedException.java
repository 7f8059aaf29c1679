package dev.actionstream.runtime.capture;

/** A capture request that cannot be served, with the HTTP status that says why (4xx: the request; 5xx: the server). */
public final class CaptureRefusedException extends Exception {

    private final int status;

    public CaptureRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    public CaptureRefusedException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
