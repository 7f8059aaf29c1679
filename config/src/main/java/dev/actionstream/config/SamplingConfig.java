package dev.actionstream.config;

/**
 * Training config {@code dataset.sampling}: {@code {mode: even}} (the default) spreads a window's frames evenly over
 * each clip ({@code fps} is ignored, 0); {@code {mode: rate, fps: 12.5}} takes consecutive frames at {@code fps} frames per second from the
 * clip's start, so every window spans {@code framesPerWindow / fps} seconds whatever the clip's length.
 */
public record SamplingConfig(SamplingMode mode, double fps) {

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
    }

    public static SamplingConfig even() {
        return new SamplingConfig(SamplingMode.EVEN, 0);
    }

    public static SamplingConfig rate(double fps) {
        return new SamplingConfig(SamplingMode.RATE, fps);
    }
}
