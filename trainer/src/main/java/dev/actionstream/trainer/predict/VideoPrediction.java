package dev.actionstream.trainer.predict;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything {@code predict} reports about one video, all read off one {@link VideoScores}: the top-k of the mean of
 * the windows, the label of every frame (what the overlay draws) and the summary line.
 */
public record VideoPrediction(VideoScores scores, List<Prediction> frameLabels, PredictionSummary summary) {

    public VideoPrediction {
        Objects.requireNonNull(scores, "scores");
        frameLabels = Collections.unmodifiableList(new ArrayList<>(frameLabels));
        Objects.requireNonNull(summary, "summary");
    }

    /** @param smoothing frame label = arg-max of the mean of the last {@code smoothing} windows */
    public static VideoPrediction of(VideoScores scores, int smoothing) {
        List<Prediction> frameLabels = scores.frameLabels(smoothing);
        return new VideoPrediction(scores, frameLabels, PredictionSummary.of(scores, frameLabels, smoothing));
    }

    public List<Prediction> top(int k) {
        return scores.top(k);
    }

    /** The lines printed: ranked classes of the whole video ({@code "1. running 0.8123"}), then the summary. */
    public List<String> lines(int k) {
        List<String> lines = new ArrayList<>();
        List<Prediction> top = top(k);
        for (int i = 0; i < top.size(); i++) {
            lines.add(String.format(Locale.ROOT, "%d. %s %.4f", i + 1, top.get(i).label(), top.get(i).confidence()));
        }
        lines.add(summary.line());
        return lines;
    }
}
