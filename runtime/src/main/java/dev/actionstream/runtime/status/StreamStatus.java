package dev.actionstream.runtime.status;

/**
 * A stream as reported by {@code GET /api/status}.
 *
 * @param lastError   the last error, kept after the stream recovers (empty when there was none): what happened before
 * @param stateReason why the stream is in its state now, in words, e.g. {@code "connection refused (attempt 3, next
 *                    in 4 s)"}; {@code null} while it runs fine: what is happening now
 * @param lastErrorAt when {@code lastError} happened, ISO-8601 UTC; {@code null} when there was none
 */
public record StreamStatus(
        String name,
        String source,
        StreamState state,
        double fps,
        long framesIn,
        long framesDropped,
        long decodeErrors,
        long windowsScored,
        int stride,
        String lastLabel,
        double lastConfidence,
        String lastError,
        String stateReason,
        String lastErrorAt) {

    /** A stream without a reason for its state or a time for its error (running fine, or a test's fixed status). */
    public StreamStatus(String name, String source, StreamState state, double fps, long framesIn, long framesDropped,
                        long decodeErrors, long windowsScored, int stride, String lastLabel, double lastConfidence,
                        String lastError) {
        this(name, source, state, fps, framesIn, framesDropped, decodeErrors, windowsScored, stride, lastLabel,
                lastConfidence, lastError, null, null);
    }
}
