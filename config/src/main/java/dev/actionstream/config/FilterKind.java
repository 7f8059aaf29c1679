package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The label filter that turns each stream's window probabilities into its label ({@code events.filter}): written
 * {@code hmm} or {@code mean} in config files, exactly as given.
 */
public enum FilterKind {
    /** Online forward filter of a hidden Markov model over the actions. */
    HMM,
    /** Moving average over the last {@code events.smoothingWindows} windows. */
    MEAN;

    /** The name in config files. */
    @JsonValue
    public String id() {
        return this == HMM ? "hmm" : "mean";
    }

    /** The config value {@code id} ({@code hmm} or {@code mean}, exactly); anything else is rejected. */
    public static FilterKind of(String id) {
        for (FilterKind k : values()) {
            if (k.id().equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("events.filter: hmm or mean, got " + id);
    }
}
