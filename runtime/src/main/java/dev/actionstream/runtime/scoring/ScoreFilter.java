package dev.actionstream.runtime.scoring;

import dev.actionstream.config.RuntimeConfig;

import java.nio.FloatBuffer;

/**
 * Turns one stream's sequence of window probabilities into the scores its label is read from. Owned by the scoring
 * thread; {@link #add} allocates nothing.
 */
interface ScoreFilter {

    /** Starts over for a label set of {@code classes} labels (the first window, or a swapped model's other labels). */
    void reset(int classes);

    /** Takes one window's probabilities, {@code classes} floats from {@code probs[offset]}. */
    void add(FloatBuffer probs, int offset);

    /** The filtered score of class {@code c}, in [0, 1]; the scores of all classes sum to 1. */
    double score(int c);

    static ScoreFilter of(RuntimeConfig.Events config) {
        return switch (config.filter()) {
            case HMM -> new HmmFilter(config.switchProbability());
            case MEAN -> new MovingAverageFilter(config.smoothingWindows());
        };
    }
}
