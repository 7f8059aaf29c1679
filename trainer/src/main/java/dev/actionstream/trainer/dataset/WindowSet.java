package dev.actionstream.trainer.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * Prepared windows of one split, in memory. {@link #window(int)} is laid out {@code [T][C][H][W]}: frames one after the
 * other, each planar in the dataset's channel order, values already normalised.
 */
public final class WindowSet {

    private final List<float[]> windows;
    private final int[] labels;
    private final List<Path> files;
    private final int frames;
    private final int channels;
    private final int height;
    private final int width;

    public WindowSet(List<float[]> windows, int[] labels, List<Path> files, int frames, int channels, int height,
                     int width) {
        if (windows.size() != labels.length || windows.size() != files.size()) {
            throw new IllegalArgumentException("windows, labels and files must have the same length");
        }
        int size = frames * channels * height * width;
        for (float[] w : windows) {
            if (w.length != size) {
                throw new IllegalArgumentException("window of " + w.length + " floats, expected " + size);
            }
        }
        this.windows = List.copyOf(windows);
        this.labels = labels.clone();
        this.files = List.copyOf(files);
        this.frames = frames;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public int size() {
        return windows.size();
    }

    /** The window itself, not a copy: callers must not modify it. */
    public float[] window(int i) {
        return windows.get(i);
    }

    public int label(int i) {
        return labels[i];
    }

    public Path file(int i) {
        return files.get(i);
    }

    /** The video of each window, in window order (a clip that gives several windows is listed once per window). */
    public List<Path> files() {
        return List.copyOf(files);
    }

    public int frames() {
        return frames;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }
}
