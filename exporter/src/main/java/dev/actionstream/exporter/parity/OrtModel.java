package dev.actionstream.exporter.parity;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/** One ONNX file opened in ONNX Runtime (CPU), run with a single float input and read as a matrix. */
public final class OrtModel implements AutoCloseable {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Path file;

    public OrtModel(Path file) {
        this.file = file;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            this.session = env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs the model on {@code data} shaped {@code shape} fed as {@code input}; returns output 0 as {@code [rows][cols]}. */
    public float[][] run(String input, float[] data, long... shape) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            Object value = result.get(0).getValue();
            if (!(value instanceof float[][] matrix)) {
                throw new IllegalStateException(file + ": output 0 is not a float matrix");
            }
            return matrix;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs the model; returns {@code name} from its outputs as {@code [rows]}, e.g. the per-window OOD score. */
    public float[] runVector(String input, float[] data, String output, long... shape) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
             OrtSession.Result result = session.run(Map.of(input, tensor), java.util.Set.of(output))) {
            Object value = result.get(0).getValue();
            if (!(value instanceof float[] vector)) {
                throw new IllegalStateException(file + ": output " + output + " is not a float vector");
            }
            return vector;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
        }
    }

    public java.util.Set<String> outputNames() {
        try {
            return session.getOutputNames();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read outputs of " + file, e);
        }
    }

    public Map<String, String> customMetadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read metadata of " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close session for " + file, e);
        }
    }
}
