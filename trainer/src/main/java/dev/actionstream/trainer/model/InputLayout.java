package dev.actionstream.trainer.model;

import dev.actionstream.config.ModelSpec;
import org.deeplearning4j.nn.conf.inputs.InputType;

/**
 * How a network wants a batch of windows. A window arrives as {@code spec.windowSize()} floats laid out
 * {@code [T][C][H][W]}, as {@code FramePreparer} and the dataset write it; {@link NetworkInput} batches them.
 */
public interface InputLayout {

    /** Shape of a batch of {@code n} windows. */
    long[] shape(int n, ModelSpec spec);

    /** The DL4J input type of that batch, for {@code setInputType} and {@code summary(InputType)}. */
    InputType inputType(ModelSpec spec);

    /** Writes one {@code [T][C][H][W]} window into {@code batch} at {@code offset} in this layout. */
    void write(float[] window, float[] batch, int offset, ModelSpec spec);
}
