package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * How an 8-bit sample becomes a float: {@code (sample / 255 - mean[c]) / std[c]}, with {@code c} in the model's
 * channel order. The seeds' setting, plain scaling to [0, 1], is {@link #unit()}.
 */
public record Normalisation(float[] mean, float[] std) {

    @JsonCreator
    public Normalisation(@JsonProperty("mean") float[] mean, @JsonProperty("std") float[] std) {
        this.mean = mean == null ? new float[] {0f, 0f, 0f} : mean.clone();
        this.std = std == null ? new float[] {1f, 1f, 1f} : std.clone();
        if (this.mean.length != this.std.length || this.mean.length == 0) {
            throw new IllegalArgumentException("normalisation.mean and normalisation.std must have the same, non-zero length");
        }
        for (float s : this.std) {
            if (!(s > 0f) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("normalisation.std must be finite and > 0, got " + Arrays.toString(this.std));
            }
        }
        for (float m : this.mean) {
            if (!Float.isFinite(m)) {
                throw new IllegalArgumentException("normalisation.mean must be finite, got " + Arrays.toString(this.mean));
            }
        }
    }

    /** Scale to [0, 1], as the seeds do. */
    public static Normalisation unit() {
        return new Normalisation(null, null);
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** Mean for channel {@code c}; one-element arrays apply to every channel. */
    public float meanOf(int c) {
        return mean[mean.length == 1 ? 0 : c];
    }

    public float stdOf(int c) {
        return std[std.length == 1 ? 0 : c];
    }

    int channels() {
        return mean.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalisation n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalisation[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
