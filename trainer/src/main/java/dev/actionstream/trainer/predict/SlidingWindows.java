package dev.actionstream.trainer.predict;

/**
 * The one rule for which decoded frames form the windows that {@code predict} scores: every decoded frame enters, and
 * once {@code T} frames are in, each new frame ends a window of the last {@code T} consecutive frames (oldest first),
 * as a live stream is scored. A video shorter than {@code T} frames gives one window, padded by repeating its last
 * frame, as the training decoder pads short clips.
 *
 * <p>Every output of {@code predict} (printed top-k, overlay, summary) comes from the windows this class forms, so a
 * change of sampling (e.g. a frame interval the model was trained with) belongs here and nowhere else.
 *
 * <p>Use: {@link #slot()} to prepare the next frame into, then {@link #advance()}; when it returns true, copy the
 * window out with {@link #copyWindow(float[])}. At the end, {@link #copyPaddedWindow(float[])} covers short videos.
 */
public final class SlidingWindows {

    private final int frames;
    private final int frameSize;
    private final float[][] ring;
    private int seen;

    public SlidingWindows(int framesPerWindow, int frameSize) {
        if (framesPerWindow <= 0 || frameSize <= 0) {
            throw new IllegalArgumentException("framesPerWindow and frameSize must be > 0, got " + framesPerWindow
                    + " and " + frameSize);
        }
        this.frames = framesPerWindow;
        this.frameSize = frameSize;
        this.ring = new float[framesPerWindow][frameSize];
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
