package dev.actionstream.trainer.predict;

import dev.actionstream.config.IntervalSampler;

/**
 * The one rule for which decoded frames form the windows that {@code predict} scores, as a live stream is scored:
 * frames are taken at the model's frame interval by their timestamps ({@link IntervalSampler}, the serving rule;
 * every frame for a model without one), and once {@code T} frames are taken, each newly taken frame ends a window of
 * the last {@code T} taken frames (oldest first). A video that yields fewer than {@code T} frames gives one window,
 * padded by repeating its last frame, as the training decoder pads short clips.
 *
 * <p>Every output of {@code predict} (printed top-k, overlay, summary) comes from the windows this class forms.
 *
 * <p>Use: for each decoded frame, {@link #takes(long)}; when true, {@link #slot()} to prepare it into, then
 * {@link #advance()}; when that returns true, copy the window out with {@link #copyWindow(float[])}. At the end,
 * {@link #copyPaddedWindow(float[])} covers short videos.
 */
public final class SlidingWindows {

    private final int frames;
    private final int frameSize;
    private final float[][] ring;
    private final IntervalSampler sampler;
    private int seen;

    /** Windows of consecutive frames. */
    public SlidingWindows(int framesPerWindow, int frameSize) {
        this(framesPerWindow, frameSize, 0);
    }

    /** @param intervalMicros time between a window's frames; 0 for consecutive frames */
    public SlidingWindows(int framesPerWindow, int frameSize, long intervalMicros) {
        if (framesPerWindow <= 0 || frameSize <= 0) {
            throw new IllegalArgumentException("framesPerWindow and frameSize must be > 0, got " + framesPerWindow
                    + " and " + frameSize);
        }
        this.frames = framesPerWindow;
        this.frameSize = frameSize;
        this.ring = new float[framesPerWindow][frameSize];
        this.sampler = new IntervalSampler(intervalMicros);
    }

    /** Whether the decoded frame presented at {@code timeMicros} is taken; ask once per decoded frame, in order. */
    public boolean takes(long timeMicros) {
        return sampler.take(timeMicros);
    }

    /** Where the next frame is to be prepared ({@code frameSize} floats). */
    public float[] slot() {
        return ring[seen % frames];
    }

    /** Takes the frame prepared into {@link #slot()}; true when it completes a window. */
    public boolean advance() {
        seen++;
        return seen >= frames;
    }

    /** Frames taken so far. */
    public int framesSeen() {
        return seen;
    }

    /** Copies the window ending at the newest frame, oldest frame first, into {@code window}. */
    public void copyWindow(float[] window) {
        if (seen < frames) {
            throw new IllegalStateException("only " + seen + " of " + frames + " frames in");
        }
        for (int k = 0; k < frames; k++) {
            System.arraycopy(ring[(seen + k) % frames], 0, window, k * frameSize, frameSize);
        }
    }

    /**
     * For a video that ended before its first full window: copies the frames seen, then the last one repeated, into
     * {@code window} and returns true. Returns false when a full window was formed or no frame was seen.
     */
    public boolean copyPaddedWindow(float[] window) {
        if (seen == 0 || seen >= frames) {
            return false;
        }
        for (int k = 0; k < frames; k++) {
            System.arraycopy(ring[Math.min(k, seen - 1)], 0, window, k * frameSize, frameSize);
        }
        return true;
    }
}
