package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.actionstream.config.ModelForm;
import dev.actionstream.runtime.models.LoadedModel;

import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * Runs batches of windows (and, for split LRCN models, batches of frames through the encoder) through ONNX Runtime
 * from direct buffers. Each buffer holds up to {@code maxBatch} entries. On the CPU a batch of {@code n} is split
 * into up to {@code parallelRuns} contiguous parts run at once ({@link PartRunner}): the recurrent models are
 * hundreds of small nodes per window, which ONNX Runtime's own threads share badly, while whole windows side by side
 * keep every core busy. Windows and encoder frames are each a {@link PinnedRun}, pinned once per model, so a
 * steady-state batch allocates nothing but ONNX Runtime's own result handles.
 *
 * <p>Owned by the scoring thread.
 */
public final class OnnxScorer implements AutoCloseable {

    private final int maxBatch;
    private final PartRunner runner;
    private final PinnedRun windows;
    private final PinnedRun frames;

    /** One run at a time, the whole batch. */
    public OnnxScorer(OrtEnvironment env, int maxBatch) {
        this(env, maxBatch, 1);
    }

    /** @param parallelRuns the most parts a CPU batch is split into and run at once */
    public OnnxScorer(OrtEnvironment env, int maxBatch, int parallelRuns) {
        Objects.requireNonNull(env, "env");
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("maxBatch must be > 0");
        }
        if (parallelRuns <= 0) {
            throw new IllegalArgumentException("parallelRuns must be > 0");
        }
        this.maxBatch = maxBatch;
        this.runner = new PartRunner(Math.min(parallelRuns, maxBatch), "scoring-part");
        this.windows = new PinnedRun(env, maxBatch, runner);
        this.frames = new PinnedRun(env, maxBatch, runner);
    }

    public int maxBatch() {
        return maxBatch;
    }

    /** The most parts a batch runs in at once (1: whole batches only). */
    public int parallelRuns() {
        return runner.maxParts();
    }

    /**
     * The batch input buffer laid out for {@code model}: window {@code i} occupies floats
     * {@code [i * model.windowSize(), (i + 1) * model.windowSize())}. Write with absolute puts.
     */
    public FloatBuffer input(LoadedModel model) throws OrtException {
        return windows(model).input();
    }

    /**
     * Scores the first {@code n} windows of {@link #input}. Returns the probabilities, {@code numClasses} floats per
     * window, valid until the next call.
     */
    public FloatBuffer run(LoadedModel model, int n) throws OrtException {
        checkBatch(n);
        return windows(model).run(n);
    }

    /**
     * The out-of-distribution scores of the last {@link #run}, one float per window, for a model that
     * {@link LoadedModel#scoresUnknown() scores them}; valid until the next call.
     */
    public FloatBuffer scores() {
        return windows.scores();
    }

    /**
     * The encoder input buffer for a split {@code model}: frame {@code i} occupies floats
     * {@code [i * frameSize, (i + 1) * frameSize)}. Write with absolute puts.
     */
    public FloatBuffer encoderInput(LoadedModel model) throws OrtException {
        return frames(model).input();
    }

    /**
     * Runs the split model's encoder on the first {@code n} frames of {@link #encoderInput}. Returns the feature
     * vectors, {@code featureSize} floats per frame, valid until the next call.
     */
    public FloatBuffer encode(LoadedModel model, int n) throws OrtException {
        checkBatch(n);
        return frames(model).run(n);
    }

    private PinnedRun windows(LoadedModel model) throws OrtException {
        if (!windows.pinnedFor(model)) {
            windows.pin(model, model.session(), model.inputName(), model.windowSize(), model::windowShape,
                    model.outputName(), model.spec().numClasses(), model.scoreName());
        }
        return windows;
    }

    private PinnedRun frames(LoadedModel model) throws OrtException {
        if (!frames.pinnedFor(model)) {
            frames.pin(model, model.encoder(), ModelForm.ENCODER.input(), model.spec().frameSize(),
                    model.spec()::frameShape, ModelForm.ENCODER.output(), model.featureSize());
        }
        return frames;
    }

    private void checkBatch(int n) {
        if (n <= 0 || n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " outside 1.." + maxBatch);
        }
    }

    /** Frees tensors and buffers cached for a model that has been closed since. */
    public void releaseClosed() {
        windows.releaseIfClosed();
        frames.releaseIfClosed();
    }

    @Override
    public void close() {
        runner.close();
        windows.close();
        frames.close();
    }
}
