package dev.actionstream.runtime.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.actionstream.runtime.capture.CaptureStatus;
import dev.actionstream.runtime.models.ModelInfo;
import java.util.List;

/**
 * Snapshot of the whole runtime for {@code GET /api/status}; cheap to build, safe from any thread.
 *
 * @param capture the capture buffers, absent unless captures are enabled
 */
public record RuntimeStatus(
        List<StreamStatus> streams,
        ModelInfo model,
        String executionProvider,
        long modelSwaps,
        List<String> recentModelErrors,
        long uptimeMillis,
        @JsonInclude(JsonInclude.Include.NON_NULL) CaptureStatus capture) {

    /** Without capture. */
    public RuntimeStatus(List<StreamStatus> streams, ModelInfo model, String executionProvider, long modelSwaps,
                         List<String> recentModelErrors, long uptimeMillis) {
        this(streams, model, executionProvider, modelSwaps, recentModelErrors, uptimeMillis, null);
    }

    public RuntimeStatus withCapture(CaptureStatus c) {
        return new RuntimeStatus(streams, model, executionProvider, modelSwaps, recentModelErrors, uptimeMillis, c);
    }

    /** Something that can produce a current snapshot (the assembled pipeline). */
    @FunctionalInterface
    public interface Source {
        RuntimeStatus snapshot();
    }
}
