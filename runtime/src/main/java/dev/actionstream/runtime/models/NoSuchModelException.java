package dev.actionstream.runtime.models;

/** The name given matches no loaded model (HTTP 404, where a {@link ModelRejectedException} is a 422). */
public final class NoSuchModelException extends ModelRejectedException {

    public NoSuchModelException(String message) {
        super(message);
    }
}
