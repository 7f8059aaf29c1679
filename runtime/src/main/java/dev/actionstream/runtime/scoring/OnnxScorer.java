package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.config.ExecutionProvider;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelLoader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs batches of windows (and, for split LRCN models, batches of frames through the encoder) through ONNX Runtime
 * from direct buffers. Each buffer holds up to {@code maxBatch} entries. On the CPU a batch of {@code n} is split
 * into up to {@code parallelRuns} contiguous parts run at once ({@link PartRunner}): the recurrent models are
 * hundreds of small nodes per window, which ONNX Runtime's own threads share badly, while whole windows side by side
 * keep every core busy. Input and (pinned) output tensors for every part of every batch size are created once per
 * model and reused, so a steady-state batch allocates nothing but ONNX Runtime's own result handles.
 *
 * <p>Owned by the scoring thread.
 */
public final class OnnxScorer implements AutoCloseable {

    private final OrtEnvironment env;
    private final int maxBatch;
    private final PartRunner runner;
    private final PartRunner.Part part = this::runPart;

    private FloatBuffer input = direct(0);
    private FloatBuffer output = direct(0);
    private LoadedModel tensorsFor;
    private Parts windows;

    private LoadedModel encoderFor;
    private FloatBuffer frames = direct(0);
    private FloatBuffer features = direct(0);
    private Parts encoded;

    private OrtSession running;
    private Parts runningParts;
    private int runningBatch;

    /** One run at a time, the whole batch. */
    public OnnxScorer(OrtEnvironment env, int maxBatch) {
        this(env, maxBatch, 1);
    }

    /** @param parallelRuns the most parts a CPU batch is split into and run at once */
    public OnnxScorer(OrtEnvironment env, int maxBatch, int parallelRuns) {
        this.env = Objects.requireNonNull(env, "env");
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("maxBatch must be > 0");
        }
        if (parallelRuns <= 0) {
            throw new IllegalArgumentException("parallelRuns must be > 0");
        }
        this.maxBatch = maxBatch;
        this.runner = new PartRunner(Math.min(parallelRuns, maxBatch), "scoring-part");
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
        prepare(model);
        return input;
    }

    /**
     * Scores the first {@code n} windows of {@link #input}. Returns the probabilities, {@code numClasses} floats per
     * window, valid until the next call.
     */
    public FloatBuffer run(LoadedModel model, int n) throws OrtException {
        if (n <= 0 || n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " outside 1.." + maxBatch);
        }
        prepare(model);
        runAll(model.session(), windows, n);
        return output;
    }

    /**
     * The encoder input buffer for a split {@code model}: frame {@code i} occupies floats
     * {@code [i * frameSize, (i + 1) * frameSize)}. Write with absolute puts.
     */
    public FloatBuffer encoderInput(LoadedModel model) throws OrtException {
        if (encoderFor == model) {
            return frames;
        }
        closeEncoderTensors();
        var spec = model.spec();
        int frame = spec.frameSize();
        int d = model.featureSize();
        frames = sized(frames, maxBatch * frame);
        features = sized(features, maxBatch * d);
        encoded = new Parts(model, frames, frame, new long[] {0, spec.channels(), spec.frameHeight(), spec.frameWidth()},
                ModelLoader.FRAME, features, d, ModelLoader.FEATURES);
        encoderFor = model;
        return frames;
    }

    /**
     * Runs the split model's encoder on the first {@code n} frames of {@link #encoderInput}. Returns the feature
     * vectors, {@code featureSize} floats per frame, valid until the next call.
     */
    public FloatBuffer encode(LoadedModel model, int n) throws OrtException {
        if (n <= 0 || n > maxBatch) {
            throw new IllegalArgumentException("batch of " + n + " outside 1.." + maxBatch);
        }
        encoderInput(model);
        runAll(model.encoder(), encoded, n);
        return features;
    }

    private void runAll(OrtSession session, Parts parts, int n) throws OrtException {
        running = session;
        runningParts = parts;
        runningBatch = n;
        try {
            runner.run(parts.count[n], part);
        } finally {
            running = null;
            runningParts = null;
        }
    }

    /** Runs on the scoring thread (part 0) and on the part runner's helpers. */
    private void runPart(int p) throws OrtException {
        try (OrtSession.Result ignored = running.run(runningParts.inputs[runningBatch][p],
                runningParts.outputs[runningBatch][p])) {
            // Outputs are pinned to the output buffer; the result only holds their handles.
        }
    }

    private void prepare(LoadedModel model) throws OrtException {
        if (tensorsFor == model) {
            return;
        }
        closeBatchTensors();
        int window = model.windowSize();
        int classes = model.spec().numClasses();
        input = sized(input, maxBatch * window);
        output = sized(output, maxBatch * classes);
        long[] shape = model.split()
                ? new long[] {0, model.spec().framesPerWindow(), model.featureSize()}
                : new long[] {0, model.spec().framesPerWindow(), model.spec().channels(), model.spec().frameHeight(),
                        model.spec().frameWidth()};
        windows = new Parts(model, input, window, shape, model.inputName(), output, classes, model.outputName());
        tensorsFor = model;
    }

    /**
     * Tensors over contiguous parts of an input and an output buffer, for every batch size: batch {@code n} runs in
     * {@code count[n]} parts of near-equal size, part {@code p} reading {@code inputs[n][p]}.
     */
    private final class Parts implements AutoCloseable {
        final int[] count = new int[maxBatch + 1];
        final Map<String, OnnxTensor>[][] inputs;
        final Map<String, OnnxTensor>[][] outputs;

        @SuppressWarnings("unchecked")
        Parts(LoadedModel model, FloatBuffer in, int inSize, long[] inShape, String inName, FloatBuffer out,
              int outSize, String outName) throws OrtException {
            // A GPU wants the whole batch in one run.
            int most = model.provider() == ExecutionProvider.CUDA ? 1 : runner.maxParts();
            inputs = new Map[maxBatch + 1][];
            outputs = new Map[maxBatch + 1][];
            try {
                for (int n = 1; n <= maxBatch; n++) {
                    int k = Math.min(most, n);
                    count[n] = k;
                    inputs[n] = new Map[k];
                    outputs[n] = new Map[k];
                    int start = 0;
                    for (int p = 0; p < k; p++) {
                        int size = n / k + (p < n % k ? 1 : 0);
                        long[] shape = inShape.clone();
                        shape[0] = size;
                        inputs[n][p] = Map.of(inName, OnnxTensor.createTensor(env,
                                slice(in, start * inSize, size * inSize), shape));
                        outputs[n][p] = Map.of(outName, OnnxTensor.createTensor(env,
                                slice(out, start * outSize, size * outSize), new long[] {size, outSize}));
                        start += size;
                    }
                }
            } catch (OrtException | RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            for (Map<String, OnnxTensor>[][] all : List.of(inputs, outputs)) {
                for (Map<String, OnnxTensor>[] batch : all) {
                    if (batch != null) {
                        for (Map<String, OnnxTensor> part : batch) {
                            if (part != null) {
                                part.values().forEach(OnnxTensor::close);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * {@code buffer} when it holds exactly {@code floats}, else a new one: buffers shrink too, or a large model
     * swapped out would keep its batch-sized native memory for as long as the process runs.
     */
    private static FloatBuffer sized(FloatBuffer buffer, int floats) {
        return buffer.capacity() == Math.max(floats, 1) ? buffer : direct(floats);
    }

    private static FloatBuffer slice(FloatBuffer buffer, int offset, int floats) {
        return buffer.duplicate().position(offset).limit(offset + floats).slice();
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.max(floats, 1) * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private void closeBatchTensors() {
        if (windows != null) {
            windows.close();
        }
        windows = null;
        tensorsFor = null;
    }

    private void closeEncoderTensors() {
        if (encoded != null) {
            encoded.close();
        }
        encoded = null;
        encoderFor = null;
    }

    /** Frees tensors cached for a model that has been closed since. */
    public void releaseClosed() {
        if (tensorsFor != null && tensorsFor.isClosed()) {
            closeBatchTensors();
            input = direct(0);
            output = direct(0);
        }
        if (encoderFor != null && encoderFor.isClosed()) {
            // The next model may not be split at all: nothing else would ever shrink these.
            closeEncoderTensors();
            frames = direct(0);
            features = direct(0);
        }
    }

    @Override
    public void close() {
        runner.close();
        closeBatchTensors();
        closeEncoderTensors();
    }
}
