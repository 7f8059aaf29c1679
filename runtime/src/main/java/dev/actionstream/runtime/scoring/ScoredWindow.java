package dev.actionstream.runtime.scoring;

import dev.actionstream.config.ModelSpec;

import java.nio.FloatBuffer;

/**
 * One scored window as the scoring thread hands it to a {@link PostProcessor}: its probabilities, the model that
 * produced them and the frames it covers. One instance is refilled for every window (never allocated per window), so
 * it is only valid during the call it is passed to.
 */
public final class ScoredWindow {

    FloatBuffer probabilities;
    int offset;
    ModelSpec spec;
    String executionProvider;
    long startFrame;
    long endFrame;
    long captureNanos;
    long captureEpochMs;
    boolean scoresUnknown;
    float oodScore = Float.NaN;
    double unknownThreshold = Double.NaN;

    /** {@code spec.numClasses()} probabilities from {@code probabilities[offset]}. */
    public ScoredWindow probabilities(FloatBuffer probabilities, int offset) {
        this.probabilities = probabilities;
        this.offset = offset;
        return this;
    }

    /**
     * This window's out-of-distribution score and the threshold above which it is unlike the training windows, for
     * a model that gives one ({@link #noOodScore()} otherwise).
     */
    public ScoredWindow oodScore(float score, double threshold) {
        this.scoresUnknown = true;
        this.oodScore = score;
        this.unknownThreshold = threshold;
        return this;
    }

    /** The model gives no out-of-distribution score (exported before it existed). */
    public ScoredWindow noOodScore() {
        this.scoresUnknown = false;
        this.oodScore = Float.NaN;
        this.unknownThreshold = Double.NaN;
        return this;
    }

    /** Whether the score is above the threshold; a NaN score (a broken window) counts as unlike the training ones. */
    boolean aboveThreshold() {
        return !(oodScore <= unknownThreshold);
    }

    public ScoredWindow model(ModelSpec spec, String executionProvider) {
        this.spec = spec;
        this.executionProvider = executionProvider;
        return this;
    }

    /**
     * @param captureNanos   {@link System#nanoTime()} when the newest frame was captured, for the latency
     * @param captureEpochMs the same instant as wall-clock time, for the event
     */
    public ScoredWindow frames(long startFrame, long endFrame, long captureNanos, long captureEpochMs) {
        this.startFrame = startFrame;
        this.endFrame = endFrame;
        this.captureNanos = captureNanos;
        this.captureEpochMs = captureEpochMs;
        return this;
    }
}
