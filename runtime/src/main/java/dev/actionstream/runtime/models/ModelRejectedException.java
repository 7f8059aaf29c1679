package dev.actionstream.runtime.models;

/** Why a model was not accepted; the message is shown to API clients and logged. */
public class ModelRejectedException extends Exception {

    public ModelRejectedException(String message) {
        super(message);
    }

    public ModelRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
