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

    /** {@code spec.numClasses()} probabilities from {@code probabilities[offset]}. */
    public ScoredWindow probabilities(FloatBuffer probabilities, int offset) {
        this.probabilities = probabilities;
        this.offset = offset;
        return this;
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
