package dev.actionstream.runtime.scoring;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelLoader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * Runs batches of windows (and, for split LRCN models, batches of frames through the encoder) through ONNX Runtime
 * from direct buffers. Each buffer holds up to {@code maxBatch} entries; input and (pinned) output tensors for each
 * batch size are created once per model and reused, so a steady-state batch allocates nothing but ONNX Runtime's
 * own result handle.
 *
 * <p>Owned by the scoring thread.
 */
public final class OnnxScorer implements AutoCloseable {

    private final OrtEnvironment env;
    private final int maxBatch;

    private FloatBuffer input = direct(0);
    private FloatBuffer output = direct(0);
    private LoadedModel tensorsFor;
    private OnnxTensor[] inputs;
    private OnnxTensor[] outputs;
    private Map<String, OnnxTensor>[] inputMaps;
    private Map<String, OnnxTensor>[] outputMaps;

    private LoadedModel encoderFor;
    private FloatBuffer frames = direct(0);
    private FloatBuffer features = direct(0);
    private OnnxTensor[] frameTensors;
    private OnnxTensor[] featureTensors;
    private Map<String, OnnxTensor>[] frameMaps;
    private Map<String, OnnxTensor>[] featureMaps;

    public OnnxScorer(OrtEnvironment env, int maxBatch) {
        this.env = Objects.requireNonNull(env, "env");
        if (maxBatch <= 0) {
            throw new IllegalArgumentException("maxBatch must be > 0");
        }
        this.maxBatch = maxBatch;
    }

    public int maxBatch() {
        return maxBatch;
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
        try (OrtSession.Result ignored = model.session().run(inputMaps[n], outputMaps[n])) {
            return output;
        }
    }

    /**
     * The encoder input buffer for a split {@code model}: frame {@code i} occupies floats
     * {@code [i * frameSize, (i + 1) * frameSize)}. Write with absolute puts.
     */
    @SuppressWarnings("unchecked")
    public FloatBuffer encoderInput(LoadedModel model) throws OrtException {
        if (encoderFor == model) {
            return frames;
        }
        closeEncoderTensors();
        var spec = model.spec();
        int frame = spec.frameSize();
        int d = model.featureSize();
        if (frames.capacity() < maxBatch * frame) {
            frames = direct(maxBatch * frame);
        }
        if (features.capacity() < maxBatch * d) {
            features = direct(maxBatch * d);
        }
        frameTensors = new OnnxTensor[maxBatch + 1];
        featureTensors = new OnnxTensor[maxBatch + 1];
        frameMaps = new Map[maxBatch + 1];
        featureMaps = new Map[maxBatch + 1];
        for (int n = 1; n <= maxBatch; n++) {
            frameTensors[n] = OnnxTensor.createTensor(env, slice(frames, n * frame),
                    new long[] {n, spec.channels(), spec.frameHeight(), spec.frameWidth()});
            featureTensors[n] = OnnxTensor.createTensor(env, slice(features, n * d), new long[] {n, d});
            frameMaps[n] = Map.of(ModelLoader.FRAME, frameTensors[n]);
            featureMaps[n] = Map.of(ModelLoader.FEATURES, featureTensors[n]);
        }
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
        try (OrtSession.Result ignored = model.encoder().run(frameMaps[n], featureMaps[n])) {
            return features;
        }
    }

    @SuppressWarnings("unchecked")
    private void prepare(LoadedModel model) throws OrtException {
        if (tensorsFor == model) {
            return;
        }
        closeBatchTensors();
        int window = model.windowSize();
        int classes = model.spec().numClasses();
        if (input.capacity() < maxBatch * window) {
            input = direct(maxBatch * window);
        }
        if (output.capacity() < maxBatch * classes) {
            output = direct(maxBatch * classes);
        }
        long[] shape = model.split()
                ? new long[] {0, model.spec().framesPerWindow(), model.featureSize()}
                : new long[] {0, model.spec().framesPerWindow(), model.spec().channels(), model.spec().frameHeight(),
                        model.spec().frameWidth()};
        inputs = new OnnxTensor[maxBatch + 1];
        outputs = new OnnxTensor[maxBatch + 1];
        inputMaps = new Map[maxBatch + 1];
        outputMaps = new Map[maxBatch + 1];
        for (int n = 1; n <= maxBatch; n++) {
            shape[0] = n;
            inputs[n] = OnnxTensor.createTensor(env, slice(input, n * window), shape.clone());
            outputs[n] = OnnxTensor.createTensor(env, slice(output, n * classes), new long[] {n, classes});
            inputMaps[n] = Map.of(model.inputName(), inputs[n]);
            outputMaps[n] = Map.of(model.outputName(), outputs[n]);
        }
        tensorsFor = model;
    }

    private static FloatBuffer slice(FloatBuffer buffer, int floats) {
        return buffer.duplicate().position(0).limit(floats).slice();
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(Math.max(floats, 1) * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private void closeBatchTensors() {
        if (inputs != null) {
            for (int n = 1; n <= maxBatch; n++) {
                inputs[n].close();
                outputs[n].close();
            }
        }
        inputs = null;
        outputs = null;
        tensorsFor = null;
    }

    private void closeEncoderTensors() {
        if (frameTensors != null) {
            for (int n = 1; n <= maxBatch; n++) {
                frameTensors[n].close();
                featureTensors[n].close();
            }
        }
        frameTensors = null;
        featureTensors = null;
        encoderFor = null;
    }

    /** Frees tensors cached for a model that has been closed since. */
    public void releaseClosed() {
        if (tensorsFor != null && tensorsFor.isClosed()) {
            closeBatchTensors();
        }
        if (encoderFor != null && encoderFor.isClosed()) {
            closeEncoderTensors();
        }
    }

    @Override
    public void close() {
        closeBatchTensors();
        closeEncoderTensors();
    }
}
