package dev.actionstream.runtime.models;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.actionstream.config.ExecutionProvider;
import dev.actionstream.config.ModelSpec;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A validated model with its open ONNX Runtime session(s); immutable apart from being closed. The scorer reads the
 * active instance once per batch; windows and ring slots point at the instance their frames were prepared for, so
 * a swap never mixes frames of two geometries in one window.
 *
 * <p>A split LRCN model has an {@link #encoder()} (per frame) and a head ({@link #session()}); its window holds
 * feature vectors of {@link #featureSize()} floats instead of prepared frames.
 */
public final class LoadedModel implements AutoCloseable {

    private static final AtomicLong GENERATIONS = new AtomicLong();

    private final String key;
    private volatile Path file;
    private final ModelSpec spec;
    private final OrtSession session;
    private final OrtSession encoder;
    private final int featureSize;
    private final String inputName;
    private final String outputName;
    private final String scoreName;
    private final ExecutionProvider provider;
    private final Instant loadedAt;
    private final long generation;
    private final AtomicBoolean closed = new AtomicBoolean();

    LoadedModel(String key, Path file, ModelSpec spec, OrtSession session, OrtSession encoder, int featureSize,
                String inputName, String outputName, String scoreName, ExecutionProvider provider) {
        this.key = Objects.requireNonNull(key, "key");
        this.file = file;
        this.spec = Objects.requireNonNull(spec, "spec");
        this.session = Objects.requireNonNull(session, "session");
        this.encoder = encoder;
        this.featureSize = featureSize;
        this.inputName = Objects.requireNonNull(inputName, "inputName");
        this.outputName = Objects.requireNonNull(outputName, "outputName");
        this.scoreName = scoreName;
        this.provider = Objects.requireNonNull(provider, "provider");
        this.loadedAt = Instant.now();
        this.generation = GENERATIONS.incrementAndGet();
    }

    /** Registry key: the model file's name (for a split model, the head's). */
    public String key() {
        return key;
    }

    public Path file() {
        return file;
    }

    /** Records where the model file now lives (an upload validated in place, then stored in the models directory). */
    void relocated(Path newFile) {
        this.file = newFile;
    }

    public ModelSpec spec() {
        return spec;
    }

    /** The full model, or the head of a split model. */
    public OrtSession session() {
        return session;
    }

    /** The per-frame encoder of a split model, else {@code null}. */
    public OrtSession encoder() {
        return encoder;
    }

    public boolean split() {
        return encoder != null;
    }

    public int featureSize() {
        return featureSize;
    }

    public String inputName() {
        return inputName;
    }

    public String outputName() {
        return outputName;
    }

    /**
     * The name of {@link #session()}'s second output, one out-of-distribution score per window
     * ({@value dev.actionstream.config.OnnxContract#OOD_SCORE}), or {@code null} for a model exported before it
     * existed: such a model never calls a window unknown.
     */
    public String scoreName() {
        return scoreName;
    }

    /** Whether {@link #session()} scores how unlike its training windows each window is. */
    public boolean scoresUnknown() {
        return scoreName != null;
    }

    /**
     * The out-of-distribution score above which a window is unlike the training windows: {@code override} when
     * given (serve config's {@code events.unknownThreshold}), else the spec's; {@link Double#NaN} for a model
     * without the score.
     */
    public double unknownThreshold(Double override) {
        if (scoreName == null) {
            return Double.NaN;
        }
        return override != null ? override : spec.calibration().oodThreshold();
    }

    /**
     * The temperature the runtime must apply to {@link #session()}'s probabilities ({@code softmax(log p / T)}): the
     * spec's when its graph does not already divide by it, else 1 (nothing to do).
     */
    public double temperatureToApply() {
        ModelSpec.Calibration c = spec.calibration();
        return c == null || c.temperatureInGraph() ? 1.0 : c.temperature();
    }

    /** What the session runs on: {@link ExecutionProvider#CUDA} or {@link ExecutionProvider#CPU}. */
    public ExecutionProvider provider() {
        return provider;
    }

    /** {@link #provider()} as reported in events, status and the live view: {@code "CUDA"} or {@code "CPU"}. */
    public String executionProvider() {
        return provider.label();
    }

    public long generation() {
        return generation;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    /** Floats per window element: a prepared frame for a full model, a feature vector for a split one. */
    public int elementSize() {
        return split() ? featureSize : spec.frameSize();
    }

    /** Floats per window as fed to {@link #session()}. */
    public int windowSize() {
        return spec.framesPerWindow() * elementSize();
    }

    /** A batch of windows as {@link #session()} takes it: prepared frames, or a split model's feature vectors. */
    public long[] windowShape(long batch) {
        return split() ? spec.featureWindowShape(batch, featureSize) : spec.windowShape(batch);
    }

    /** Whether frames prepared for {@code other} are valid input for this model (same preparation, same element). */
    public boolean sharesElementsWith(LoadedModel other) {
        if (other == this) {
            return true;
        }
        // Cached features are only reusable from the very same encoder.
        return spec.samePreparation(other.spec) && !split() && !other.split();
    }

    public boolean isClosed() {
        return closed.get();
    }

    public ModelInfo info(boolean active) {
        return new ModelInfo(key, spec.name(), spec.version(), spec.architecture().id(), spec.labels(),
                spec.framesPerWindow(), spec.frameHeight(), spec.frameWidth(),
                file == null ? key : file.toString(), active, loadedAt.toString());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeQuietly(session);
            closeQuietly(encoder);
        }
    }

    private static void closeQuietly(OrtSession s) {
        if (s != null) {
            try {
                s.close();
            } catch (OrtException e) {
                // Closing only frees native memory; nothing left to recover.
            }
        }
    }

    @Override
    public String toString() {
        return key + " (" + spec.name() + " " + spec.version() + ", T=" + spec.framesPerWindow() + ", "
                + spec.frameHeight() + "x" + spec.frameWidth() + ", " + provider.label() + ")";
    }
}
