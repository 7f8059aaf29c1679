package dev.actionstream.runtime.scoring;

import dev.actionstream.config.IntervalSampler;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
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
    /** Measures the spacing of the frames the window took, for frames prepared at {@link #measuredFor}. */
    private IntervalSampler measured;
    private long measuredFor = -1;

    private volatile long windowsScored;
    private volatile long windowsUnknown;
    private volatile String lastLabel;
    private volatile double lastConfidence;
    /** Seconds between the frames of the window last scored, as measured on the stream; 0 before two were taken. */
    private volatile double windowIntervalSeconds;

    public StreamScoring(String name, int stride, RuntimeConfig.Events events, RuntimeMetrics.StreamMeters meters) {
        this.name = Objects.requireNonNull(name, "name");
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be > 0");
        }
        this.stride = stride;
        this.post = new PostProcessor(name, events);
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /**
     * Records that the frame presented at {@code mediaMicros}, prepared for {@code frameModel}, enters the window.
     * Its grabber picked it at that model's frame interval (the same {@link IntervalSampler} rule the trainer uses);
     * here only the interval actually taken is measured, for the status.
     */
    void taken(LoadedModel frameModel, long mediaMicros) {
        long interval = frameModel.spec().frameIntervalMicros();
        if (measured == null || measuredFor != interval) {
            // Allocated on a swap to a model with another interval only. Interval 0 takes every frame it is given,
            // so it measures the spacing of the frames the grabber picked.
            measured = new IntervalSampler(0);
            measuredFor = interval;
        }
        measured.take(mediaMicros);
    }

    /**
     * Points the window at {@code next}: keeps its frames when they are valid input for it (same preparation and
     * frame interval), else starts over.
     */
    void bind(LoadedModel next) {
        int t = next.spec().framesPerWindow();
        if (model == null || window == null || !next.sharesElementsWith(model)
                || next.spec().frameIntervalMicros() != model.spec().frameIntervalMicros()) {
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
        IntervalSampler s = measured;
        windowIntervalSeconds = s == null ? 0 : s.takenIntervalMicros() / 1e6;
        meters.windowsScored().increment();
        if (LabelEvent.UNKNOWN.equals(label)) {
            windowsUnknown++;
            meters.windowsUnknown().increment();
        }
    }

    public String name() {
        return name;
    }

    public long windowsScored() {
        return windowsScored;
    }

    /** Windows whose label (after the filter) was {@code "unknown"}. */
    public long windowsUnknown() {
        return windowsUnknown;
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

    /**
     * Seconds between the frames of the windows being scored, as measured on the stream: the model's interval on a
     * stream fast enough, the stream's own frame step on one slower than that; 0 before a window was scored.
     */
    public double windowIntervalSeconds() {
        return windowIntervalSeconds;
    }

    public LoadedModel model() {
        return model;
    }
}
