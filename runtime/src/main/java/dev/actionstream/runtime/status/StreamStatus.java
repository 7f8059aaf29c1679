package dev.actionstream.runtime.status;

/**
 * A stream as reported by {@code GET /api/status}.
 *
 * @param lastError   the last error, kept after the stream recovers (empty when there was none): what happened before
 * @param stateReason why the stream is in its state now, in words, e.g. {@code "connection refused (attempt 3, next
 *                    in 4 s)"}; {@code null} while it runs fine: what is happening now
 * @param lastErrorAt when {@code lastError} happened, ISO-8601 UTC; {@code null} when there was none
 * @param window      what the model sees of this stream: frames taken at the model's interval; {@code null} before
 *                    the first frame
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
        String lastErrorAt,
        Window window) {

    /**
     * A stream's effective window: {@code frames} taken {@code intervalSeconds} apart (as measured on the stream:
     * the model's interval, or the stream's own frame step when it is slower), spanning {@code seconds}.
     */
    public record Window(int frames, double intervalSeconds, double seconds) {

        public static Window of(int frames, double intervalSeconds) {
            return new Window(frames, intervalSeconds, frames * intervalSeconds);
        }
    }

    /** A stream whose window is not reported (a test's fixed status). */
    public StreamStatus(String name, String source, StreamState state, double fps, long framesIn, long framesDropped,
                        long decodeErrors, long windowsScored, int stride, String lastLabel, double lastConfidence,
                        String lastError, String stateReason, String lastErrorAt) {
        this(name, source, state, fps, framesIn, framesDropped, decodeErrors, windowsScored, stride, lastLabel,
                lastConfidence, lastError, stateReason, lastErrorAt, null);
    }

    /** A stream without a reason for its state or a time for its error (running fine, or a test's fixed status). */
    public StreamStatus(String name, String source, StreamState state, double fps, long framesIn, long framesDropped,
                        long decodeErrors, long windowsScored, int stride, String lastLabel, double lastConfidence,
                        String lastError) {
        this(name, source, state, fps, framesIn, framesDropped, decodeErrors, windowsScored, stride, lastLabel,
                lastConfidence, lastError, null, null);
    }
}
