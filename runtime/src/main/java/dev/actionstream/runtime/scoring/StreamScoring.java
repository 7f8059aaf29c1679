package dev.actionstream.runtime.scoring;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.window.SlidingWindow;

import java.util.Objects;

/**
 * What the scoring thread keeps for one stream: its window (bound to the model its elements belong to), its
 * post-processor and counters. Written by the scoring thread only; the status fields are volatile for readers.
 */
public final class StreamScoring {

    final String name;
    final int stride;
    final PostProcessor post;
    final RuntimeMetrics.StreamMeters meters;
    SlidingWindow window;
    LoadedModel model;

    private volatile long windowsScored;
    private volatile String lastLabel;
    private volatile double lastConfidence;

    public StreamScoring(String name, int stride, RuntimeConfig.Events events, RuntimeMetrics.StreamMeters meters) {
        this.name = Objects.requireNonNull(name, "name");
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be > 0");
        }
        this.stride = stride;
        this.post = new PostProcessor(name, events);
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** Points the window at {@code next}: keeps its frames when they are valid input for it, else starts over. */
    void bind(LoadedModel next) {
        int t = next.spec().framesPerWindow();
        if (model == null || window == null || !next.sharesElementsWith(model)) {
            window = new SlidingWindow(t, next.elementSize(), stride);
        } else if (window.length() != t) {
            window = SlidingWindow.resized(window, t, stride);
        }
        model = next;
    }

    void scored(String label, double confidence) {
        windowsScored++;
        lastLabel = label;
        lastConfidence = confidence;
        meters.windowsScored().increment();
    }

    public String name() {
        return name;
    }

    public long windowsScored() {
        return windowsScored;
    }

    public String lastLabel() {
        return lastLabel;
    }

    public double lastConfidence() {
        return lastConfidence;
    }

    /** Length of the current window (0 before the first frame); tells tests and status that a rebuild happened. */
    public int windowLength() {
        SlidingWindow w = window;
        return w == null ? 0 : w.length();
    }

    public LoadedModel model() {
        return model;
    }
}
