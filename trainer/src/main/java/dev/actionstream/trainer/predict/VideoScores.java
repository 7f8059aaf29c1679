package dev.actionstream.trainer.predict;

import java.util.ArrayList;
import java.util.List;

/**
 * Every window of one video scored once: the single result that the printed top-k, the overlay and the summary of
 * {@code predict} are all read from. Window {@code i} ends at decoded frame {@code windowEnds[i]} (0-based).
 */
public final class VideoScores {

    private final List<String> labels;
    private final int frames;
    private final int[] windowEnds;
    private final float[][] probabilities;

    public VideoScores(List<String> labels, int frames, int[] windowEnds, float[][] probabilities) {
        this.labels = List.copyOf(labels);
        if (windowEnds.length != probabilities.length) {
            throw new IllegalArgumentException(windowEnds.length + " window ends for " + probabilities.length
                    + " windows");
        }
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("no windows scored");
        }
        for (int i = 0; i < windowEnds.length; i++) {
            if (windowEnds[i] < 0 || windowEnds[i] >= frames || (i > 0 && windowEnds[i] <= windowEnds[i - 1])) {
                throw new IllegalArgumentException("window ends must rise within the " + frames + " frames");
            }
            if (probabilities[i].length != labels.size()) {
                throw new IllegalArgumentException("window " + i + " has " + probabilities[i].length
                        + " probabilities for " + labels.size() + " labels");
            }
        }
        this.frames = frames;
        this.windowEnds = windowEnds.clone();
        this.probabilities = probabilities;
    }

    public List<String> labels() {
        return labels;
    }

    /** Decoded frames of the video. */
    public int frames() {
        return frames;
    }

    public int windows() {
        return probabilities.length;
    }

    public int windowEnd(int window) {
        return windowEnds[window];
    }

    /** A copy of window {@code i}'s probabilities. */
    public float[] window(int i) {
        return probabilities[i].clone();
    }

    /** The video-level answer: the mean of all windows' probabilities. */
    public float[] videoProbabilities() {
        return mean(0, probabilities.length);
    }

    /** The {@code k} most probable classes of the whole video, most probable first. */
    public List<Prediction> top(int k) {
        return Prediction.top(videoProbabilities(), labels, k);
    }

    public Prediction videoLabel() {
        return top(1).get(0);
    }

    /**
     * The label of every frame as the overlay draws it: the arg-max of the mean of the last {@code smoothing}
     * windows ending at or before that frame; null before the first window ends.
     */
    public List<Prediction> frameLabels(int smoothing) {
        if (smoothing <= 0) {
            throw new IllegalArgumentException("smoothing window K must be > 0, got " + smoothing);
        }
        List<Prediction> perFrame = new ArrayList<>(frames);
        int ended = 0;
        Prediction current = null;
        for (int f = 0; f < frames; f++) {
            if (ended < windowEnds.length && windowEnds[ended] == f) {
                ended++;
                current = Prediction.top(mean(Math.max(0, ended - smoothing), ended), labels, 1).get(0);
            }
            perFrame.add(current);
        }
        return perFrame;
    }

    private float[] mean(int from, int to) {
        float[] mean = new float[labels.size()];
        for (int i = from; i < to; i++) {
            for (int c = 0; c < mean.length; c++) {
                mean[c] += probabilities[i][c];
            }
        }
        for (int c = 0; c < mean.length; c++) {
            mean[c] /= to - from;
        }
        return mean;
    }

    @Override
    public String toString() {
        return "VideoScores[" + frames + " frames, " + windows() + " windows, video " + videoLabel() + "]";
    }
}
