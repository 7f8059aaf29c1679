package dev.actionstream.trainer.predict;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.config.ModelForm;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.OnnxContract;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An exported ONNX model scored by ONNX Runtime on the CPU: a full model ({@link ModelForm#FULL}), or a split
 * model given either half, the other half found beside it through its {@value OnnxContract#PAIR_KEY} metadata. The
 * spec is read from the file's own metadata, so no run folder is needed.
 */
public final class OnnxWindowScorer implements WindowScorer {

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final Path file;
    private final ModelSpec spec;
    /** The full model, or the split form's head. */
    private final OrtSession session;
    /** The split form's encoder; null for a full model. */
    private final OrtSession encoder;

    private OnnxWindowScorer(Path file, ModelSpec spec, OrtSession session, OrtSession encoder) {
        this.file = file;
        this.spec = spec;
        this.session = session;
        this.encoder = encoder;
    }

    /** Opens {@code file}; the message names the file and what is wrong with it. */
    public static OnnxWindowScorer open(Path file) {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        }
        OrtSession first = session(file);
        try {
            Map<String, String> meta = first.getMetadata().getCustomMetadata();
            ModelSpec spec = spec(file, meta);
            ModelForm form = form(file, meta);
            if (form == ModelForm.FULL) {
                expectInput(file, first, ModelForm.FULL.input());
                return new OnnxWindowScorer(file, spec, first, null);
            }
            Path otherFile = pairOf(file, meta);
            OrtSession other = session(otherFile);
            try {
                OrtSession head = form == ModelForm.HEAD ? first : other;
                OrtSession enc = form == ModelForm.HEAD ? other : first;
                expectInput(file, head, ModelForm.HEAD.input());
                expectInput(file, enc, ModelForm.ENCODER.input());
                return new OnnxWindowScorer(form == ModelForm.HEAD ? file : otherFile, spec, head, enc);
            } catch (RuntimeException e) {
                closeQuietly(other);
                throw e;
            }
        } catch (OrtException | RuntimeException e) {
            closeQuietly(first);
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession session(Path file) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            return OrtEnvironment.getEnvironment().createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new IllegalArgumentException(file + " is not a loadable ONNX model: " + e.getMessage(), e);
        }
    }

    private static ModelForm form(Path file, Map<String, String> meta) {
        try {
            return ModelForm.of(meta.get(ModelForm.METADATA_KEY));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static ModelSpec spec(Path file, Map<String, String> meta) {
        String json = meta.get(ModelSpec.METADATA_KEY);
        if (json == null || json.isBlank()) {
            throw new IllegalArgumentException(file + " has no '" + ModelSpec.METADATA_KEY
                    + "' metadata; export the model with 'actionstream export'");
        }
        try {
            return ModelSpec.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": metadata '" + ModelSpec.METADATA_KEY + "': "
                    + e.getMessage(), e);
        }
    }

    private static Path pairOf(Path file, Map<String, String> meta) {
        String pair = meta.get(OnnxContract.PAIR_KEY);
        if (pair == null || pair.isBlank()) {
            throw new IllegalArgumentException(file + " is half of a split model but names no other half ('"
                    + OnnxContract.PAIR_KEY + "' metadata)");
        }
        // Only a file name is honoured: the metadata must not point a reader elsewhere on the machine.
        Path other = file.toAbsolutePath().resolveSibling(Path.of(pair).getFileName().toString());
        if (!Files.isRegularFile(other)) {
            throw new IllegalArgumentException(file + " is half of a split model; its other half " + other
                    + " is missing");
        }
        return other;
    }

    private static void expectInput(Path file, OrtSession s, String name) throws OrtException {
        if (!s.getInputNames().contains(name)) {
            throw new IllegalArgumentException(file + ": expected an input named '" + name + "', found "
                    + s.getInputNames());
        }
    }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    @Override
    public float[][] score(List<float[]> windows) {
        int n = windows.size();
        int t = spec.framesPerWindow();
        float[] batch = new float[n * spec.windowSize()];
        for (int i = 0; i < n; i++) {
            float[] w = windows.get(i);
            if (w.length != spec.windowSize()) {
                throw new IllegalArgumentException("window " + i + " has " + w.length + " floats, the model takes "
                        + spec.windowSize());
            }
            System.arraycopy(w, 0, batch, i * spec.windowSize(), w.length);
        }
        try {
            if (encoder == null) {
                return run(session, ModelForm.FULL.input(), batch, spec.windowShape(n));
            }
            float[][] features = run(encoder, ModelForm.ENCODER.input(), batch, spec.frameShape((long) n * t));
            int d = features[0].length;
            float[] sequence = new float[n * t * d];
            for (int i = 0; i < features.length; i++) {
                System.arraycopy(features[i], 0, sequence, i * d, d);
            }
            return run(session, ModelForm.HEAD.input(), sequence, spec.featureWindowShape(n, d));
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + file + ": " + e.getMessage(), e);
        }
    }

    private float[][] run(OrtSession s, String input, float[] data, long[] shape) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
             OrtSession.Result result = s.run(Map.of(input, tensor))) {
            Object value = result.get(0).getValue();
            if (!(value instanceof float[][] matrix)) {
                throw new IllegalStateException(file + ": output 0 is not a float matrix");
            }
            return matrix;
        }
    }

    @Override
    public String describe() {
        return (encoder == null ? "" : "split ") + "ONNX " + file.getFileName();
    }

    @Override
    public void close() {
        closeQuietly(session);
        if (encoder != null) {
            closeQuietly(encoder);
        }
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException | RuntimeException ignored) {
            // Native memory release only.
        }
    }
}
