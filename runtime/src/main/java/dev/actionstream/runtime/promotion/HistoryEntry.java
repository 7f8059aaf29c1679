package dev.actionstream.runtime.promotion;

import java.util.Map;

/**
 * One change of the serving model: {@code action} is {@code promote}, {@code rollback} or {@code auto-rollback};
 * {@code model} the key serving after it, {@code previous} the key serving before (and its file, to load it again
 * when it was evicted); {@code metrics} what was known then (held-out accuracy, shadow agreement...).
 */
public record HistoryEntry(String action, String model, String previous, String previousFile, String who,
                           String when, String why, Map<String, Object> metrics) {

    public HistoryEntry {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
