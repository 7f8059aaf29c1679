package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where ONNX Runtime runs a model. Configured as {@code auto}, {@code cuda} or {@code cpu}
 * ({@code scoring.executionProvider}); a session then runs on {@link #CUDA} or {@link #CPU}, reported as
 * {@link #label()} ({@code CUDA}, {@code CPU}) in events, status and the live view.
 */
public enum ExecutionProvider {
    /** CUDA when usable, else the CPU; only ever configured, never what a session runs on. */
    AUTO,
    CUDA,
    CPU;

    /** The name in config files and on the command line: {@code auto}, {@code cuda}, {@code cpu}. */
    @JsonValue
    public String id() {
        return switch (this) {
            case AUTO -> "auto";
            case CUDA -> "cuda";
            case CPU -> "cpu";
        };
    }

    /** The name a session's provider is reported by: {@code CUDA}, {@code CPU}. */
    public String label() {
        return name();
    }

    /** The config value {@code id} ({@code auto}, {@code cuda} or {@code cpu}, exactly); anything else is rejected. */
    public static ExecutionProvider of(String id) {
        for (ExecutionProvider p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("scoring.executionProvider: auto, cuda or cpu, got " + id);
    }
}
