package dev.actionstream.runtime.status;

/**
 * A stream as reported by {@code GET /api/status}.
 *
 * @param state one of {@code starting, running, reconnecting, stalled, ended, failed, stopped}
 */
public record StreamStatus(
        String name,
        String source,
        String state,
        double fps,
        long framesIn,
        long framesDropped,
        long decodeErrors,
        long windowsScored,
        int stride,
        String lastLabel,
        double lastConfidence,
        String lastError) {
}
