package dev.actionstream.runtime.scoring;

import java.nio.FloatBuffer;

/** Mean of the last K windows' probabilities, as the seeds' {@code predict_on_video}. */
final class MovingAverageFilter implements ScoreFilter {

    private final int windows;
    private float[][] history = new float[0][];
    private float[] sum = new float[0];
    private int filled;
    private int next;

    MovingAverageFilter(int windows) {
        if (windows <= 0) {
            throw new IllegalArgumentException("windows must be > 0");
        }
        this.windows = windows;
    }

    @Override
    public void reset(int classes) {
        history = new float[windows][classes];
        sum = new float[classes];
        filled = 0;
        next = 0;
    }

    @Override
    public void add(FloatBuffer probs, int offset) {
        float[] slot = history[next];
        if (filled == windows) {
            for (int c = 0; c < sum.length; c++) {
                sum[c] -= slot[c];
            }
        } else {
            filled++;
        }
        for (int c = 0; c < sum.length; c++) {
            float p = probs.get(offset + c);
            slot[c] = p;
            sum[c] += p;
        }
        next = (next + 1) % windows;
    }

    @Override
    public double score(int c) {
        return filled == 0 ? 0 : sum[c] / filled;
    }
}
