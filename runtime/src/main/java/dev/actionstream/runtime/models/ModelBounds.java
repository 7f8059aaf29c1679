package dev.actionstream.runtime.models;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.RuntimeConfig;

import java.util.Locale;
import java.util.Objects;

/**
 * What a model may ask of this machine. A model's spec decides the size of buffers the runtime allocates for it: a
 * ring slot per ring entry, a window per stream, the batch tensors, the warm-up window. A valid graph with dynamic
 * shapes whose spec asks for 1024x1024 frames would otherwise take gigabytes the moment it is accepted, so the spec
 * is checked here first, in {@code long} arithmetic, and rejected with the config key that raises the limit.
 */
public final class ModelBounds {

    /** A direct buffer or a float array holds at most this many bytes, whatever the configured limit. */
    static final long MAX_SINGLE_BUFFER_BYTES = Integer.MAX_VALUE;

    private final RuntimeConfig.Models limits;
    private final int ringSize;
    private final int streams;
    private final int maxBatch;

    /**
     * @param streams streams the pipeline serves; at least one is assumed, so a model loaded before streams are
     *                configured is still bounded
     */
    public ModelBounds(RuntimeConfig.Models limits, int ringSize, int streams, int maxBatch) {
        this.limits = Objects.requireNonNull(limits, "limits");
        if (ringSize <= 0 || maxBatch <= 0 || streams < 0) {
            throw new IllegalArgumentException("ringSize and maxBatch must be > 0, streams >= 0");
        }
        this.ringSize = ringSize;
        this.streams = Math.max(1, streams);
        this.maxBatch = maxBatch;
    }

    /** The bounds of {@code config}: its models limits for its streams, ring and batch size. */
    public static ModelBounds of(RuntimeConfig config) {
        return new ModelBounds(config.models(), config.pipeline().ringSize(), config.streams().size(),
                config.scoring().maxBatch());
    }

    /** The default limits for one stream with the default ring and batch. */
    public static ModelBounds defaults() {
        return of(RuntimeConfig.defaults());
    }

    /** Frame size and window length; checked as soon as the spec is read, before any buffer is sized from it. */
    void checkGeometry(ModelSpec spec, String where) throws ModelRejectedException {
        int side = Math.max(spec.frameHeight(), spec.frameWidth());
        if (side > limits.maxFrameSide()) {
            throw new ModelRejectedException(where + ": frames of " + spec.frameHeight() + "x" + spec.frameWidth()
                    + " exceed models.maxFrameSide = " + limits.maxFrameSide()
                    + "; raise models.maxFrameSide in the config to serve this model");
        }
        if (spec.framesPerWindow() > limits.maxWindowFrames()) {
            throw new ModelRejectedException(where + ": windows of " + spec.framesPerWindow()
                    + " frames exceed models.maxWindowFrames = " + limits.maxWindowFrames()
                    + "; raise models.maxWindowFrames in the config to serve this model");
        }
    }

    /**
     * The buffers the runtime would allocate for the model, once its window element is known ({@code featureSize}
     * floats per frame for a split model, 0 for a full one).
     */
    void checkBuffers(ModelSpec spec, long featureSize, String where) throws ModelRejectedException {
        checkGeometry(spec, where);
        boolean split = featureSize > 0;
        long frame = (long) spec.channels() * spec.frameHeight() * spec.frameWidth() * Float.BYTES;
        long element = split ? featureSize * Float.BYTES : frame;
        long window = spec.framesPerWindow() * element;
        long ring = ringSize * frame;
        long windows = streams * window;
        long batch = maxBatch * window;
        long encoderBatch = split ? maxBatch * frame : 0;
        long warmUp = window + (split ? frame : 0);
        long total = ring + windows + batch + encoderBatch + warmUp;
        long largest = Math.max(Math.max(frame, batch), encoderBatch);
        if (largest > MAX_SINGLE_BUFFER_BYTES) {
            throw new ModelRejectedException(where + ": one of its buffers would need " + mib(largest)
                    + ", more than one buffer can hold (" + mib(MAX_SINGLE_BUFFER_BYTES) + "); frames "
                    + spec.frameHeight() + "x" + spec.frameWidth() + ", " + spec.framesPerWindow()
                    + " per window, batches of " + maxBatch);
        }
        if (total > limits.maxBufferBytes()) {
            throw new ModelRejectedException(where + ": its buffers would take " + mib(total) + " (ring " + ringSize
                    + " x " + mib(frame) + ", " + streams + " stream window(s) and a batch of " + maxBatch + " x "
                    + mib(window) + (split ? ", encoder batch " + mib(encoderBatch) : "") + "), over models.maxBufferBytes = "
                    + limits.maxBufferBytes() + "; raise models.maxBufferBytes in the config to serve this model");
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
