package dev.actionstream.config;

/**
 * Training config {@code dataset.sampling}: {@code {mode: even}} (the default) spreads a window's frames evenly over
 * each clip ({@code fps} is ignored, 0); {@code {mode: rate, fps: 12.5}} takes consecutive frames at {@code fps} frames per second from the
 * clip's start, so every window spans {@code framesPerWindow / fps} seconds whatever the clip's length.
 *
 * <p>{@code hop} (rate sampling only) slides: instead of one window from each clip's start, a window starts every
 * {@code hop} sampled frames for as long as the clip lasts, so a long captured clip gives many windows, each timed
 * exactly as a served window. 0 (the default) keeps one window per clip.
 */
public record SamplingConfig(SamplingMode mode, double fps, int hop) {

    public SamplingConfig {
        if (mode == null) {
            mode = SamplingMode.EVEN;
        }
        if (mode == SamplingMode.RATE && !(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("sampling.fps: rate sampling needs a frame rate within (0, 1000], got "
                    + fps);
        }
        if (mode == SamplingMode.EVEN) {
            // The rate of an even window follows from each clip; a leftover fps (a file switched back to even) is moot.
            fps = 0;
        }
        if (hop < 0) {
            throw new IllegalArgumentException("sampling.hop: must be >= 0 (0: one window per clip), got " + hop);
        }
        if (hop > 0 && mode != SamplingMode.RATE) {
            throw new IllegalArgumentException("sampling.hop: sliding windows need rate sampling (mode: rate, fps: "
                    + "...), so that every window's frames are as far apart as a served window's; got mode "
                    + mode.id());
        }
    }

    /** One window per clip. */
    public SamplingConfig(SamplingMode mode, double fps) {
        this(mode, fps, 0);
    }

    public static SamplingConfig even() {
        return new SamplingConfig(SamplingMode.EVEN, 0);
    }

    public static SamplingConfig rate(double fps) {
        return new SamplingConfig(SamplingMode.RATE, fps);
    }

    /** Windows at {@code fps} starting every {@code hop} sampled frames of each clip. */
    public static SamplingConfig sliding(double fps, int hop) {
        return new SamplingConfig(SamplingMode.RATE, fps, hop);
    }

    /** Whether a clip gives several windows. */
    public boolean slides() {
        return hop > 0;
    }

    public SamplingConfig withHop(int newHop) {
        return new SamplingConfig(mode, fps, newHop);
    }
}
