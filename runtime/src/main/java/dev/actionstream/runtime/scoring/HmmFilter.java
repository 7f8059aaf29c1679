package dev.actionstream.runtime.scoring;

import java.nio.FloatBuffer;

/**
 * Online forward filter of a hidden Markov model whose states are the actions: between two scored windows the action
 * stays with probability {@code 1 - p} or changes to any other with equal probability, and each window's class
 * probabilities are the evidence for the action now. Unlike a moving average it waits for no fixed number of windows:
 * evidence as strong as the current belief turns the label at once, while one stray window against a long run barely
 * moves it. Causal (no look-ahead), so it adds no latency.
 */
final class HmmFilter implements ScoreFilter {

    /** A window's 0 must not rule a class out for good: the next windows could not bring it back. */
    private static final double EVIDENCE_FLOOR = 1e-6;

    private final double switchProbability;
    private double[] posterior = new double[0];
    private boolean started;

    HmmFilter(double switchProbability) {
        if (!(switchProbability > 0 && switchProbability < 1)) {
            throw new IllegalArgumentException("switch probability must be within (0, 1), got " + switchProbability);
        }
        this.switchProbability = switchProbability;
    }

    @Override
    public void reset(int classes) {
        posterior = new double[classes];
        started = false;
    }

    @Override
    public void add(FloatBuffer probs, int offset) {
        int classes = posterior.length;
        double toEach = classes > 1 ? switchProbability / (classes - 1) : 0;
        double stay = classes > 1 ? 1 - switchProbability : 1;
        double total = 0;
        for (int c = 0; c < classes; c++) {
            double prior = started ? posterior[c] * stay + (1 - posterior[c]) * toEach : 1.0 / classes;
            double q = prior * Math.max(probs.get(offset + c), EVIDENCE_FLOOR);
            posterior[c] = q;
            total += q;
        }
        for (int c = 0; c < classes; c++) {
            posterior[c] /= total;
        }
        started = true;
    }

    @Override
    public double score(int c) {
        return posterior[c];
    }
}
