package dev.actionstream.runtime.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.actionstream.config.ModelFiles;
import dev.actionstream.config.ModelForm;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.OnnxContract;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Loads and validates a model file off the hot path: the file parses as ONNX, carries a parsable
 * {@value ModelSpec#METADATA_KEY}, its input and output names and shapes agree with that spec, and a warm-up
 * inference on a zero window returns one finite probability per label. Anything else is a
 * {@link ModelRejectedException} whose message says what is wrong; no session leaks either way. What the spec asks
 * of the machine (frame size, window length, buffer memory) is checked against {@link ModelBounds} before any
 * buffer is sized from it.
 */
public final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    /** Larger files are refused before reading: no model of ours comes near. */
    static final long MAX_MODEL_BYTES = 2L << 30;

    private final SessionFactory sessions;
    private final ModelBounds bounds;

    public ModelLoader(SessionFactory sessions, ModelBounds bounds) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.bounds = Objects.requireNonNull(bounds, "bounds");
    }

    /** With the default bounds for one stream (benchmarks, tools). */
    public ModelLoader(SessionFactory sessions) {
        this(sessions, ModelBounds.defaults());
    }

    /** Loads a full model, or a split model given either of its halves. */
    public LoadedModel load(Path file) throws ModelRejectedException {
        return load(file, file.getFileName().toString());
    }

    /**
     * Loads {@code file}, naming it {@code key} in the registry. For a split model's half, the other half is looked
     * up next to it through its {@value OnnxContract#PAIR_KEY} metadata. A full model exported together with its split
     * form ({@value OnnxContract#HEAD_KEY} metadata, both halves present beside it) is served split, so each frame goes
     * through the encoder once instead of once per window it belongs to.
     */
    public LoadedModel load(Path file, String key) throws ModelRejectedException {
        String where = file.getFileName().toString();
        SessionFactory.Opened first = open(file, where);
        try {
            Map<String, String> meta = first.session().getMetadata().getCustomMetadata();
            ModelForm form = form(meta, where);
            ModelSpec spec = spec(meta, where);
            bounds.checkGeometry(spec, where);
            if (spec.sampling() == null) {
                LOG.warn("{} does not say how far apart in time its frames were trained (no 'sampling' in its spec: "
                        + "exported before it existed); serving it windows of consecutive frames, whatever the "
                        + "stream's frame rate. Re-export it to fix its time scale.", where);
            }
            Path splitHead = splitHeadOf(file, meta);
            if (form == ModelForm.FULL && splitHead != null) {
                closeQuietly(first.session());
                return load(splitHead, key);
            }
            if (form == ModelForm.FULL) {
                LoadedModel model = full(key, file, spec, first);
                warmUp(model, where);
                return model;
            }
            Path otherFile = pairOf(file, meta, where);
            SessionFactory.Opened other = open(otherFile, otherFile.getFileName().toString());
            try {
                SessionFactory.Opened encoder = form == ModelForm.ENCODER ? first : other;
                SessionFactory.Opened head = form == ModelForm.HEAD ? first : other;
                Path headFile = form == ModelForm.HEAD ? file : otherFile;
                Map<String, String> otherMeta = other.session().getMetadata().getCustomMetadata();
                ModelForm otherForm = form(otherMeta, otherFile.getFileName().toString());
                if (otherForm == form || otherForm == ModelForm.FULL) {
                    throw new ModelRejectedException(where + ": its pair " + otherFile.getFileName()
                            + " is a " + otherForm + " model, expected the other half of a split model");
                }
                if (!spec.equals(spec(otherMeta, otherFile.getFileName().toString()))) {
                    throw new ModelRejectedException(where + ": its pair " + otherFile.getFileName()
                            + " carries another spec: the halves come from different exports");
                }
                LoadedModel model = split(key.equals(where) ? headFile.getFileName().toString() : key, headFile, spec,
                        encoder, head, where);
                warmUp(model, where);
                return model;
            } catch (ModelRejectedException | OrtException | RuntimeException e) {
                closeQuietly(other.session());
                throw e;
            }
        } catch (ModelRejectedException e) {
            closeQuietly(first.session());
            throw e;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(first.session());
            throw new ModelRejectedException(where + ": " + e.getMessage(), e);
        }
    }

    private SessionFactory.Opened open(Path file, String where) throws ModelRejectedException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_MODEL_BYTES) {
                throw new ModelRejectedException(where + ": " + size + " bytes is larger than any model we serve");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelRejectedException(where + ": cannot read: " + e, e);
        }
        try {
            return sessions.open(bytes);
        } catch (OrtException e) {
            throw new ModelRejectedException(where + ": not a loadable ONNX model: " + e.getMessage(), e);
        }
    }

    private static ModelForm form(Map<String, String> meta, String where) throws ModelRejectedException {
        try {
            return ModelForm.of(meta.get(ModelForm.METADATA_KEY));
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(where + ": " + e.getMessage());
        }
    }

    private static ModelSpec spec(Map<String, String> meta, String where) throws ModelRejectedException {
        String json = meta.get(ModelSpec.METADATA_KEY);
        if (json == null || json.isBlank()) {
            throw new ModelRejectedException(where + ": no '" + ModelSpec.METADATA_KEY
                    + "' metadata; export the model with actionstream's exporter");
        }
        try {
            return ModelSpec.fromJson(json);
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException(where + ": metadata '" + ModelSpec.METADATA_KEY + "': " + e.getMessage(), e);
        }
    }

    /**
     * The head of the split form exported beside a full model, when both halves are there: under the names its
     * metadata gives, or else under the names that go with this file's own ({@code X.head.onnx} and
     * {@code X.encoder.onnx} beside {@code X.onnx}), so an export renamed as a whole still serves split.
     */
    private static Path splitHeadOf(Path file, Map<String, String> meta) {
        String head = meta.get(OnnxContract.HEAD_KEY);
        String encoder = meta.get(OnnxContract.ENCODER_KEY);
        if (head == null || encoder == null || head.isBlank() || encoder.isBlank()) {
            return null;
        }
        Path h = file.resolveSibling(Path.of(head).getFileName().toString());
        Path e = file.resolveSibling(Path.of(encoder).getFileName().toString());
        if (Files.isRegularFile(h) && Files.isRegularFile(e)) {
            return h;
        }
        String base = ModelFiles.group(file.getFileName().toString());
        Path ownHead = file.resolveSibling(ModelFiles.headName(base));
        if (Files.isRegularFile(ownHead) && Files.isRegularFile(file.resolveSibling(ModelFiles.encoderName(base)))) {
            return ownHead;
        }
        LOG.warn("{} names its split form {} + {}, which are not beside it: serving it in one piece",
                file.getFileName(), e.getFileName(), h.getFileName());
        return null;
    }

    /**
     * The other half of a split model: the file its metadata names, or else the one its own name implies
     * ({@code X.head.onnx} and {@code X.encoder.onnx} belong together), so renamed halves still pair up. The caller
     * checks that both carry the same spec.
     */
    private static Path pairOf(Path file, Map<String, String> meta, String where) throws ModelRejectedException {
        String pair = meta.get(OnnxContract.PAIR_KEY);
        if (pair == null || pair.isBlank()) {
            throw new ModelRejectedException(where + ": a split model half needs '" + OnnxContract.PAIR_KEY
                    + "' metadata naming its other half");
        }
        Path other = file.resolveSibling(Path.of(pair).getFileName().toString());
        if (Files.isRegularFile(other)) {
            return other;
        }
        Path implied = ModelFiles.impliedPair(file);
        if (implied != null && Files.isRegularFile(implied)) {
            return implied;
        }
        throw new ModelRejectedException(where + ": its other half " + other.getFileName() + " is missing"
                + (implied == null ? "" : " (and so is " + implied.getFileName() + ")"));
    }

    private static LoadedModel full(String key, Path file, ModelSpec spec, SessionFactory.Opened opened)
            throws OrtException, ModelRejectedException {
        String where = file.getFileName().toString();
        OrtSession s = opened.session();
        String input = single(s.getInputInfo(), ModelForm.FULL.input(), "input", where);
        String output = probabilities(s.getOutputInfo(), ModelForm.FULL.output(), "output", where);
        expectShape(s.getInputInfo().get(input), spec.windowShape(ModelSpec.DYNAMIC_BATCH), where);
        expectShape(s.getOutputInfo().get(output), spec.probabilitiesShape(ModelSpec.DYNAMIC_BATCH), where);
        return new LoadedModel(key, file, spec, s, null, 0, input, output, opened.provider());
    }

    private static LoadedModel split(String key, Path headFile, ModelSpec spec, SessionFactory.Opened encoder,
                                     SessionFactory.Opened head, String where) throws OrtException, ModelRejectedException {
        OrtSession e = encoder.session();
        OrtSession h = head.session();
        String frame = single(e.getInputInfo(), ModelForm.ENCODER.input(), "encoder input", where);
        String features = single(e.getOutputInfo(), ModelForm.ENCODER.output(), "encoder output", where);
        expectShape(e.getInputInfo().get(frame), spec.frameShape(ModelSpec.DYNAMIC_BATCH), where);
        long[] featureShape = ((TensorInfo) e.getOutputInfo().get(features).getInfo()).getShape();
        long declared = featureSize(e.getMetadata().getCustomMetadata().get(OnnxContract.FEATURE_SIZE_KEY), where);
        if (featureShape.length != 2 || (featureShape[1] <= 0 && declared <= 0)) {
            throw new ModelRejectedException(where + ": encoder output '" + features
                    + "' must be [N, D] with a fixed D, got " + Arrays.toString(featureShape));
        }
        if (featureShape[1] > 0 && declared > 0 && featureShape[1] != declared) {
            throw new ModelRejectedException(where + ": encoder output has D = " + featureShape[1] + " but "
                    + OnnxContract.FEATURE_SIZE_KEY + " says " + declared);
        }
        int d = (int) (featureShape[1] > 0 ? featureShape[1] : declared);
        String input = single(h.getInputInfo(), ModelForm.HEAD.input(), "head input", where);
        String output = probabilities(h.getOutputInfo(), ModelForm.HEAD.output(), "head output", where);
        expectShape(h.getInputInfo().get(input), spec.featureWindowShape(ModelSpec.DYNAMIC_BATCH, d), where);
        expectShape(h.getOutputInfo().get(output), spec.probabilitiesShape(ModelSpec.DYNAMIC_BATCH), where);
        return new LoadedModel(key, headFile, spec, h, e, d, input, output, head.provider());
    }

    private static long featureSize(String value, String where) throws ModelRejectedException {
        if (value == null || value.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ModelRejectedException(where + ": " + OnnxContract.FEATURE_SIZE_KEY + " is not a number: " + value);
        }
    }

    private static String single(Map<String, NodeInfo> nodes, String expected, String role, String where)
            throws ModelRejectedException {
        if (nodes.size() != 1 || !nodes.containsKey(expected)) {
            throw new ModelRejectedException(where + ": expected exactly one " + role + " named '" + expected
                    + "', found " + nodes.keySet());
        }
        return expected;
    }

    /**
     * The probabilities output; a calibrated export's {@value OnnxContract#OOD_SCORE} beside it is allowed (scoring
     * asks for the probabilities only, so it is never computed here).
     */
    private static String probabilities(Map<String, NodeInfo> nodes, String expected, String role, String where)
            throws ModelRejectedException {
        if (nodes.size() == 2 && nodes.containsKey(expected) && nodes.containsKey(OnnxContract.OOD_SCORE)) {
            return expected;
        }
        return single(nodes, expected, role, where);
    }

    /** Fixed dimensions must match; -1 in {@code expected} (the batch) accepts anything. */
    private static void expectShape(NodeInfo node, long[] expected, String where) throws ModelRejectedException {
        if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
            throw new ModelRejectedException(where + ": '" + node.getName() + "' must be a float tensor, is " + node.getInfo());
        }
        long[] actual = info.getShape();
        boolean ok = actual.length == expected.length;
        for (int i = 0; ok && i < actual.length; i++) {
            ok = expected[i] < 0 || actual[i] < 0 || actual[i] == expected[i];
        }
        if (!ok) {
            throw new ModelRejectedException(where + ": '" + node.getName() + "' has shape " + Arrays.toString(actual)
                    + " but its spec implies " + Arrays.toString(expected).replace("-1", "N"));
        }
    }

    /** One zero window through the whole model: catches graphs that load but cannot run. */
    private void warmUp(LoadedModel model, String where) throws ModelRejectedException {
        ModelSpec spec = model.spec();
        try {
            // Before the warm-up's own window: that is the first buffer sized from the spec.
            bounds.checkBuffers(spec, model.split() ? model.featureSize() : 0, where);
            FloatBuffer window = direct(model.windowSize());
            if (model.split()) {
                FloatBuffer frame = direct(spec.frameSize());
                try (OnnxTensor t = OnnxTensor.createTensor(sessions.environment(), frame, spec.frameShape(1));
                     OrtSession.Result r = model.encoder().run(Map.of(ModelForm.ENCODER.input(), t))) {
                    float[][] f = (float[][]) r.get(0).getValue();
                    if (f.length != 1 || f[0].length != model.featureSize()) {
                        throw new ModelRejectedException(where + ": encoder warm-up returned " + f.length + "x"
                                + (f.length == 0 ? 0 : f[0].length) + " features, expected 1x" + model.featureSize());
                    }
                }
            }
            try (OnnxTensor t = OnnxTensor.createTensor(sessions.environment(), window, model.windowShape(1));
                 OrtSession.Result r = model.session().run(Map.of(model.inputName(), t),
                         java.util.Set.of(model.outputName()))) {
                Object value = r.get(0).getValue();
                if (!(value instanceof float[][] p) || p.length != 1 || p[0].length != spec.numClasses()) {
                    throw new ModelRejectedException(where + ": warm-up output is not [1, " + spec.numClasses() + "]");
                }
                for (float v : p[0]) {
                    if (!Float.isFinite(v)) {
                        throw new ModelRejectedException(where + ": warm-up produced a non-finite probability");
                    }
                }
            }
        } catch (OrtException e) {
            model.close();
            throw new ModelRejectedException(where + ": warm-up inference failed: " + e.getMessage(), e);
        } catch (ModelRejectedException e) {
            model.close();
            throw e;
        }
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException | RuntimeException e) {
            // Native memory release only.
        }
    }
}
