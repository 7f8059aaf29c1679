package dev.actionstream.runtime.scoring;

import dev.actionstream.config.RuntimeConfig;

import java.nio.FloatBuffer;

/**
 * Turns one stream's sequence of window probabilities into the scores its label is read from. Its states are the
 * model's actions, plus {@code unknown} for a model that scores how unlike its training windows a window is (then the
 * evidence is built by {@link PostProcessor}). Owned by the scoring thread; {@link #add} allocates nothing.
 */
interface ScoreFilter {

    /** Starts over with {@code classes} states (the first window, or a swapped model's other labels). */
    void reset(int classes);

    /** Takes one window's evidence, one float per state from {@code probs[offset]}. */
    void add(FloatBuffer probs, int offset);

    /** The filtered score of state {@code c}, in [0, 1]; the scores of all states sum to 1. */
    double score(int c);

    static ScoreFilter of(RuntimeConfig.Events config) {
        return switch (config.filter()) {
            case HMM -> new HmmFilter(config.switchProbability());
            case MEAN -> new MovingAverageFilter(config.smoothingWindows());
        };
    }
}
