package dev.actionstream.trainer.predict;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one-line verdict of {@code predict}, derived from the same {@link VideoScores} as the printed top-k and the
 * overlay: the video-level label (mean of all windows) and the label on the last frame (mean of the last K windows,
 * what the overlay shows at the end). When the two differ the line says so, so that a reader never meets two answers
 * without being told why.
 *
 * @param video      top-1 of the mean of all windows, the first line of the printed top-k
 * @param windows    windows in that mean
 * @param end        label drawn on the last frame
 * @param smoothing  windows averaged for {@code end}
 */
public record PredictionSummary(Prediction video, int windows, Prediction end, int smoothing) {

    public PredictionSummary {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(end, "end");
    }

    /** @param frameLabels {@code scores.frameLabels(smoothing)} */
    public static PredictionSummary of(VideoScores scores, List<Prediction> frameLabels, int smoothing) {
        Prediction end = frameLabels.get(frameLabels.size() - 1);
        return new PredictionSummary(scores.videoLabel(), scores.windows(), end,
                Math.min(smoothing, scores.windows()));
    }

    /** True when the last frame's label is the video's label. */
    public boolean agrees() {
        return video.label().equals(end.label());
    }

    /**
     * E.g. {@code video: running 0.8123 (mean of 12 windows); last frame: jogging 0.5810 (mean of the last 5
     * windows), not the video label}.
     */
    public String line() {
        String endWindows = smoothing == 1 ? "the last window" : "mean of the last " + smoothing + " windows";
        return String.format(Locale.ROOT, "video: %s %.4f (mean of %d window%s); last frame: %s %.4f (%s)%s",
                video.label(), video.confidence(), windows, windows == 1 ? "" : "s", end.label(), end.confidence(),
                endWindows, agrees() ? ", the same label" : ", not the video label");
    }
}
