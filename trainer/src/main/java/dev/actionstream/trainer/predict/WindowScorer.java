package dev.actionstream.trainer.predict;

import dev.actionstream.config.ModelSpec;

import java.util.List;

/** A model that turns prepared windows ({@code [T][C][H][W]} each, as its spec says) into class probabilities. */
public interface WindowScorer extends AutoCloseable {

    /** The spec the model was trained with: how to prepare frames, and the labels of the probabilities. */
    ModelSpec spec();

    /** One row of probabilities per window, in {@code spec().labels()} order. */
    float[][] score(List<float[]> windows);

    /** Says which model this is, for the printed header. */
    String describe();

    @Override
    void close();
}
