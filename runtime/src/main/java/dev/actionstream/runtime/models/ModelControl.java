package dev.actionstream.runtime.models;

import java.nio.file.Path;
import java.util.List;

/**
 * Model management as exposed by the HTTP API. Implementations validate off the hot path and swap atomically;
 * a rejected model never replaces the serving one.
 */
public interface ModelControl {

    List<ModelInfo> models();

    /**
     * Installs an uploaded model. {@code uploaded} is a complete temporary file the caller owns until this returns;
     * {@code fileName} is the client's name for it (untrusted: sanitise before use).
     *
     * @throws ModelRejectedException with a message fit for the client when the model is not usable
     */
    ModelInfo install(String fileName, Path uploaded) throws ModelRejectedException;

    /**
     * Makes an already loaded model the serving one.
     *
     * @throws NoSuchModelException when no loaded model answers to {@code name}
     * @throws ModelRejectedException when {@code name} cannot be served as asked, e.g. it names several models
     */
    ModelInfo activate(String name) throws ModelRejectedException;
}
