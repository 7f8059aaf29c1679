package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to feed a model and read its answer. It is written into the exported ONNX file's metadata
 * (key {@value #METADATA_KEY}), so a runtime needs no side files.
 *
 * <p>Model input is always laid out {@code [batch, framesPerWindow, channels, frameHeight, frameWidth]} (NTCHW),
 * each frame planar in {@link #channelOrder()}, exactly as {@link FramePreparer} writes it. Output is one probability
 * per label, in {@link #labels()} order.
 *
 * <p>{@link #sampling()} says how far apart in time the frames of a training window were; serving samples each stream
 * at that interval. {@link #calibration()} says how far to trust the answer. Both are last and may be null in files
 * exported before they existed.
 */
public record ModelSpec(
        String name,
        String version,
        Architecture architecture,
        List<String> labels,
        int framesPerWindow,
        int frameHeight,
        int frameWidth,
        int channels,
        ChannelOrder channelOrder,
        Normalisation normalisation,
        String trainingData,
        String trainedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) WindowSampling sampling,
        @JsonInclude(JsonInclude.Include.NON_NULL) Calibration calibration) {

    /** ONNX metadata key under which the spec is stored as JSON. */
    public static final String METADATA_KEY = "actionstream.spec";
    /** The batch dimension of a declared shape whose batch is free; shapes checked against it accept any batch. */
    public static final long DYNAMIC_BATCH = -1;

    @JsonCreator
    public ModelSpec(
            @JsonProperty("name") String name,
            @JsonProperty("version") String version,
            @JsonProperty("architecture") Architecture architecture,
            @JsonProperty("labels") List<String> labels,
            @JsonProperty("framesPerWindow") int framesPerWindow,
            @JsonProperty("frameHeight") int frameHeight,
            @JsonProperty("frameWidth") int frameWidth,
            @JsonProperty("channels") int channels,
            @JsonProperty("channelOrder") ChannelOrder channelOrder,
            @JsonProperty("normalisation") Normalisation normalisation,
            @JsonProperty("trainingData") String trainingData,
            @JsonProperty("trainedAt") String trainedAt,
            @JsonProperty("sampling") WindowSampling sampling,
            @JsonProperty("calibration") Calibration calibration) {
        this.name = require(name, "name");
        this.version = require(version, "version");
        this.architecture = Objects.requireNonNull(architecture, "architecture is required");
        Objects.requireNonNull(labels, "labels are required");
        if (labels.size() < 2) {
            throw new IllegalArgumentException("labels: need at least 2 classes, got " + labels.size());
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("labels: duplicate label in " + labels);
        }
        this.labels = List.copyOf(labels);
        this.framesPerWindow = positive(framesPerWindow, "framesPerWindow");
        this.frameHeight = positive(frameHeight, "frameHeight");
        this.frameWidth = positive(frameWidth, "frameWidth");
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels: must be 1 or 3, got " + channels);
        }
        this.channels = channels;
        this.channelOrder = channelOrder == null ? ChannelOrder.BGR : channelOrder;
        this.normalisation = normalisation == null ? Normalisation.unit() : normalisation;
        if (this.normalisation.channels() != 1 && this.normalisation.channels() != channels) {
            throw new IllegalArgumentException("normalisation: mean/std need 1 or " + channels + " values");
        }
        this.trainingData = trainingData == null ? "" : trainingData;
        this.trainedAt = trainedAt == null ? "" : trainedAt;
        this.sampling = sampling;
        this.calibration = calibration;
    }

    /** A spec that says neither how its frames were spaced in time nor how far to trust it (an older file). */
    public ModelSpec(String name, String version, Architecture architecture, List<String> labels, int framesPerWindow,
                     int frameHeight, int frameWidth, int channels, ChannelOrder channelOrder,
                     Normalisation normalisation, String trainingData, String trainedAt) {
        this(name, version, architecture, labels, framesPerWindow, frameHeight, frameWidth, channels, channelOrder,
                normalisation, trainingData, trainedAt, null, null);
    }

    /**
     * How far to trust the model's answer, fitted after training on held-out windows (absent on models made before).
     *
     * <p>{@code temperature} T: calibrated probabilities are {@code softmax(logits / T)}, T fitted by minimising the
     * validation split's negative log-likelihood. When {@code temperatureInGraph} is true the exported graph's
     * {@code probabilities} already are {@code softmax(logits / T)}: a reader must not divide again.
     *
     * <p>{@code oodScore} names what the graph's {@code ood_score} output computes ({@code mahalanobis}: the distance
     * of the window's penultimate features, the output layer's input, to the nearest class mean under a tied,
     * shrunk covariance). A window scoring above {@code oodThreshold} is unlike the training windows; the threshold
     * keeps {@code knownFraction} of the validation windows below it. {@code fittedOn} says which windows the means
     * and covariance came from ({@code fitWindows} of them), {@code shrinkage} the Ledoit-Wolf weight of the identity.
     */
    public record Calibration(double temperature, boolean temperatureInGraph, String oodScore, double oodThreshold,
                              double knownFraction, String fittedOn, int fitWindows, double shrinkage) {

        public static final String MAHALANOBIS = "mahalanobis";

        public Calibration {
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new IllegalArgumentException("calibration.temperature: must be > 0, got " + temperature);
            }
            oodScore = oodScore == null || oodScore.isBlank() ? MAHALANOBIS : oodScore;
            if (Double.isNaN(oodThreshold)) {
                throw new IllegalArgumentException("calibration.oodThreshold: must be a number");
            }
            if (!(knownFraction > 0 && knownFraction <= 1)) {
                throw new IllegalArgumentException("calibration.knownFraction: must be in (0, 1], got " + knownFraction);
            }
            fittedOn = fittedOn == null ? "" : fittedOn;
        }
    }

    private static String require(String value, String key) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is required");
        }
        return value;
    }

    private static int positive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + ": must be > 0, got " + value);
        }
        return value;
    }

    /** Floats in one prepared frame: {@code channels * frameHeight * frameWidth}. */
    @JsonIgnore
    public int frameSize() {
        return channels * frameHeight * frameWidth;
    }

    /** Floats in one window: {@code framesPerWindow * frameSize()}. */
    @JsonIgnore
    public int windowSize() {
        return framesPerWindow * frameSize();
    }

    @JsonIgnore
    public int numClasses() {
        return labels.size();
    }

    /** The one-piece model's declared input: {@link #windowShape} with a dynamic batch. */
    @JsonIgnore
    public long[] inputShape() {
        return windowShape(DYNAMIC_BATCH);
    }

    /** A batch of windows as the one-piece model takes it: {@code [batch, T, C, H, W]}. */
    public long[] windowShape(long batch) {
        return new long[] {batch, framesPerWindow, channels, frameHeight, frameWidth};
    }

    /** A batch of single frames as the split form's encoder takes it: {@code [batch, C, H, W]}. */
    public long[] frameShape(long batch) {
        return new long[] {batch, channels, frameHeight, frameWidth};
    }

    /** A batch of windows of encoder features as the split form's head takes it: {@code [batch, T, featureSize]}. */
    public long[] featureWindowShape(long batch, long featureSize) {
        return new long[] {batch, framesPerWindow, featureSize};
    }

    /** What the one-piece model and the head return: {@code [batch, classes]}. */
    public long[] probabilitiesShape(long batch) {
        return new long[] {batch, labels.size()};
    }

    /**
     * Whether a frame prepared for {@code other} is exactly what this spec would prepare: same frame size, channels,
     * channel order and normalisation. Window length and labels do not enter a frame.
     */
    public boolean samePreparation(ModelSpec other) {
        return frameHeight == other.frameHeight && frameWidth == other.frameWidth && channels == other.channels
                && channelOrder == other.channelOrder && normalisation.equals(other.normalisation);
    }

    public ModelSpec withVersion(String newVersion) {
        return new ModelSpec(name, newVersion, architecture, labels, framesPerWindow, frameHeight, frameWidth,
                channels, channelOrder, normalisation, trainingData, trainedAt, sampling, calibration);
    }

    public ModelSpec withName(String newName) {
        return new ModelSpec(newName, version, architecture, labels, framesPerWindow, frameHeight, frameWidth,
                channels, channelOrder, normalisation, trainingData, trainedAt, sampling, calibration);
    }

    public ModelSpec withTrainingData(String newTrainingData) {
        return new ModelSpec(name, version, architecture, labels, framesPerWindow, frameHeight, frameWidth,
                channels, channelOrder, normalisation, newTrainingData, trainedAt, sampling, calibration);
    }

    public ModelSpec withSampling(WindowSampling newSampling) {
        return new ModelSpec(name, version, architecture, labels, framesPerWindow, frameHeight, frameWidth,
                channels, channelOrder, normalisation, trainingData, trainedAt, newSampling, calibration);
    }

    /**
     * Microseconds between two frames of a window as the model was trained, or 0 when the spec does not say (an
     * older model: its windows are consecutive frames, whatever the stream's rate).
     */
    @JsonIgnore
    public long frameIntervalMicros() {
        return sampling == null ? 0 : sampling.intervalMicros();
    }

    /** This spec with {@code newCalibration} (null removes it). */
    public ModelSpec withCalibration(Calibration newCalibration) {
        return new ModelSpec(name, version, architecture, labels, framesPerWindow, frameHeight, frameWidth,
                channels, channelOrder, normalisation, trainingData, trainedAt, sampling, newCalibration);
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise model spec", e);
        }
    }

    /** Parses a spec; the message names what is wrong. */
    public static ModelSpec fromJson(String json) {
        try {
            return Json.MAPPER.readValue(json, ModelSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid model spec: " + ConfigException.describe(e), e);
        }
    }
}
