package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The time scale a model was trained on, carried in its spec ({@code sampling}): how the training windows were cut
 * ({@link SamplingMode}) and the time between two frames of a window. Serving takes a stream's frames at
 * {@code intervalSeconds} whatever the stream's frame rate, so the model sees motion at the speed it learned.
 *
 * <p>For {@code even} sampling the interval differs per clip (a clip's frame step over its frame rate):
 * {@code intervalSeconds} is the median over the training clips and {@code min}/{@code maxIntervalSeconds} their
 * spread. For {@code rate} sampling all three are {@code 1 / fps}.
 */
public record WindowSampling(SamplingMode mode, double intervalSeconds, double minIntervalSeconds,
                             double maxIntervalSeconds) {

    public WindowSampling(SamplingMode mode, double intervalSeconds, double minIntervalSeconds,
                          double maxIntervalSeconds) {
        if (mode == null) {
            throw new IllegalArgumentException("sampling.mode is required (even or rate)");
        }
        if (!(intervalSeconds > 0 && intervalSeconds < 3600)) {
            throw new IllegalArgumentException("sampling.intervalSeconds: must be within (0, 3600), got "
                    + intervalSeconds);
        }
        this.mode = mode;
        this.intervalSeconds = intervalSeconds;
        // 0 = not given: no spread.
        this.minIntervalSeconds = minIntervalSeconds > 0 ? minIntervalSeconds : intervalSeconds;
        this.maxIntervalSeconds = maxIntervalSeconds > 0 ? maxIntervalSeconds : intervalSeconds;
        if (this.minIntervalSeconds > intervalSeconds || this.maxIntervalSeconds < intervalSeconds) {
            throw new IllegalArgumentException("sampling: need minIntervalSeconds <= intervalSeconds <= "
                    + "maxIntervalSeconds, got " + this.minIntervalSeconds + ", " + intervalSeconds + ", "
                    + this.maxIntervalSeconds);
        }
    }

    /** From JSON: a hand-written spec may give the interval alone (no spread then). */
    @JsonCreator
    static WindowSampling fromJson(@JsonProperty("mode") SamplingMode mode,
                                   @JsonProperty("intervalSeconds") double intervalSeconds,
                                   @JsonProperty("minIntervalSeconds") Double minIntervalSeconds,
                                   @JsonProperty("maxIntervalSeconds") Double maxIntervalSeconds) {
        return new WindowSampling(mode, intervalSeconds, minIntervalSeconds == null ? 0 : minIntervalSeconds,
                maxIntervalSeconds == null ? 0 : maxIntervalSeconds);
    }

    /** Consecutive frames at {@code fps}. */
    public static WindowSampling rate(double fps) {
        double interval = 1.0 / fps;
        return new WindowSampling(SamplingMode.RATE, interval, interval, interval);
    }

    /** The interval in whole microseconds, the unit frame timestamps are compared in. */
    @JsonIgnore
    public long intervalMicros() {
        return Math.round(intervalSeconds * 1e6);
    }

    /** How long a window of {@code frames} frames spans: {@code frames * intervalSeconds}. */
    public double windowSeconds(int frames) {
        return frames * intervalSeconds;
    }
}
