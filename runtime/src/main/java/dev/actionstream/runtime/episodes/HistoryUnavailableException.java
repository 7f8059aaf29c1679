package dev.actionstream.runtime.episodes;

/** The episode history cannot be used (its file is corrupt, locked, on a full disk...); the message says which. */
public final class HistoryUnavailableException extends Exception {

    public HistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
