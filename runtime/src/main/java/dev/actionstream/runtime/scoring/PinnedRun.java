package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.config.ExecutionProvider;
import dev.actionstream.runtime.models.LoadedModel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * One graph of one model run in batches of up to {@code maxBatch} entries from a direct input buffer into a direct
 * output buffer (and, for a graph with a second output of one float per entry, a direct score buffer). For every batch size, input and (pinned) output tensors over contiguous parts of those buffers are
 * created when the model is pinned and reused by each of its batches: batch {@code n} runs in {@code count[n]} parts
 * of near-equal size on the {@link PartRunner}, so a steady-state batch allocates nothing but ONNX Runtime's own
 * result handles.
 *
 * <p>Owned by the scoring thread; the part runner's helpers only run parts of the batch in progress.
 */
final class PinnedRun implements AutoCloseable {

    private final OrtEnvironment env;
    private final int maxBatch;
    private final PartRunner runner;
    private final PartRunner.Part part = this::runPart;

    private FloatBuffer input = direct(0);
    private FloatBuffer output = direct(0);
    private FloatBuffer scores = direct(0);
    private LoadedModel pinnedFor;
    private OrtSession session;
    private int[] count;
    private Map<String, OnnxTensor>[][] inputs;
    private Map<String, OnnxTensor>[][] outputs;
    private int batch;

    PinnedRun(OrtEnvironment env, int maxBatch, PartRunner runner) {
        this.env = env;
        this.maxBatch = maxBatch;
        this.runner = runner;
    }

    boolean pinnedFor(LoadedModel model) {
        return pinnedFor == model;
    }

    /**
     * Pins {@code session}, a graph of {@code model}, replacing whatever was pinned: each entry is {@code inSize}
     * floats of {@code inName}, shaped for a part of {@code n} entries by {@code inShape}, and gives {@code outSize}
     * floats of {@code outName}.
     */
    void pin(LoadedModel model, OrtSession session, String inName, int inSize, IntFunction<long[]> inShape,
             String outName, int outSize) throws OrtException {
        pin(model, session, inName, inSize, inShape, outName, outSize, null);
    }

    /** The same, and each entry also gives one float of {@code scoreName} unless it is {@code null}. */
    @SuppressWarnings("unchecked")
    void pin(LoadedModel model, OrtSession session, String inName, int inSize, IntFunction<long[]> inShape,
             String outName, int outSize, String scoreName) throws OrtException {
        unpin();
        input = sized(input, maxBatch * inSize);
        output = sized(output, maxBatch * outSize);
        scores = sized(scores, scoreName == null ? 0 : maxBatch);
        // A GPU wants the whole batch in one run.
        int most = model.provider() == ExecutionProvider.CUDA ? 1 : runner.maxParts();
        count = new int[maxBatch + 1];
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
                    inputs[n][p] = Map.of(inName, OnnxTensor.createTensor(env,
                            slice(input, start * inSize, size * inSize), inShape.apply(size)));
                    OnnxTensor out = OnnxTensor.createTensor(env,
                            slice(output, start * outSize, size * outSize), new long[] {size, outSize});
                    outputs[n][p] = scoreName == null ? Map.of(outName, out) : Map.of(outName, out, scoreName,
                            OnnxTensor.createTensor(env, slice(scores, start, size), new long[] {size}));
                    start += size;
                }
            }
        } catch (OrtException | RuntimeException e) {
            unpin();
            throw e;
        }
        this.session = session;
        this.pinnedFor = model;
    }

    /** Entry {@code i} occupies floats {@code [i * inSize, (i + 1) * inSize)}. Write with absolute puts. */
    FloatBuffer input() {
        return input;
    }

    /** Runs the first {@code n} entries of {@link #input}; the output is valid until the next run. */
    FloatBuffer run(int n) throws OrtException {
        batch = n;
        runner.run(count[n], part);
        return output;
    }

    /**
     * The second output of the last run, one float per entry, when the graph was pinned with one; else meaningless.
     */
    FloatBuffer scores() {
        return scores;
    }

    /** Runs on the scoring thread (part 0) and on the part runner's helpers. */
    private void runPart(int p) throws OrtException {
        try (OrtSession.Result ignored = session.run(inputs[batch][p], outputs[batch][p])) {
            // Outputs are pinned to the output buffer; the result only holds their handles.
        }
    }

    /**
     * Frees the tensors and buffers of a model that has been closed since: the next model may need far smaller
     * buffers, or none (a full model leaves the encoder's unused), and nothing else would ever shrink them.
     */
    void releaseIfClosed() {
        if (pinnedFor != null && pinnedFor.isClosed()) {
            unpin();
            input = direct(0);
            output = direct(0);
            scores = direct(0);
        }
    }

    private void unpin() {
        if (inputs != null) {
            for (Map<String, OnnxTensor>[][] all : List.of(inputs, outputs)) {
                for (Map<String, OnnxTensor>[] sizes : all) {
                    if (sizes != null) {
                        for (Map<String, OnnxTensor> tensors : sizes) {
                            if (tensors != null) {
                                tensors.values().forEach(OnnxTensor::close);
                            }
                        }
                    }
                }
            }
        }
        count = null;
        inputs = null;
        outputs = null;
        session = null;
        pinnedFor = null;
    }

    @Override
    public void close() {
        unpin();
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
}
