package dev.actionstream.runtime.status;

import dev.actionstream.runtime.models.ModelInfo;
import java.util.List;

/** Snapshot of the whole runtime for {@code GET /api/status}; cheap to build, safe from any thread. */
public record RuntimeStatus(
        List<StreamStatus> streams,
        ModelInfo model,
        String executionProvider,
        long modelSwaps,
        List<String> recentModelErrors,
        long uptimeMillis) {

    /** Something that can produce a current snapshot (the assembled pipeline). */
    @FunctionalInterface
    public interface Source {
        RuntimeStatus snapshot();
    }
}
