package dev.actionstream.config;

/**
 * How videos become training windows: {@code framesPerWindow} frames evenly spaced over each video (or consecutive
 * at a fixed rate: {@link SamplingConfig}), resized to
 * {@code frameHeight} x {@code frameWidth}, scaled by {@code normalisation} (it travels in the model's spec, so the
 * runtime prepares frames the same way), and a stratified train/validation/test split drawn with {@code splitSeed}.
 */
public record DatasetConfig(
        int framesPerWindow,
        int frameHeight,
        int frameWidth,
        ChannelOrder channelOrder,
        double trainFraction,
        double validationFraction,
        double testFraction,
        long splitSeed,
        String cacheDir,
        Normalisation normalisation,
        SamplingConfig sampling) {

    public DatasetConfig {
        if (sampling == null) {
            sampling = SamplingConfig.even();
        }
        positive(framesPerWindow, "framesPerWindow");
        positive(frameHeight, "frameHeight");
        positive(frameWidth, "frameWidth");
        if (normalisation == null) {
            normalisation = Normalisation.unit();
        }
        if (channelOrder == null) {
            throw new IllegalArgumentException("channelOrder: required (rgb or bgr)");
        }
        fraction(trainFraction, "trainFraction");
        fraction(validationFraction, "validationFraction");
        fraction(testFraction, "testFraction");
        if (trainFraction <= 0) {
            throw new IllegalArgumentException("trainFraction: must be > 0");
        }
        if (Math.abs(trainFraction + validationFraction + testFraction - 1.0) > 1e-6) {
            throw new IllegalArgumentException("trainFraction + validationFraction + testFraction must be 1, got "
                    + (trainFraction + validationFraction + testFraction));
        }
    }

    /** Windows sampled {@code even}ly over each clip, as before sampling was configurable. */
    public DatasetConfig(int framesPerWindow, int frameHeight, int frameWidth, ChannelOrder channelOrder,
                         double trainFraction, double validationFraction, double testFraction, long splitSeed,
                         String cacheDir, Normalisation normalisation) {
        this(framesPerWindow, frameHeight, frameWidth, channelOrder, trainFraction, validationFraction, testFraction,
                splitSeed, cacheDir, normalisation, SamplingConfig.even());
    }

    /** The seeds' settings: 20 frames of 64x64, 70/15/15. */
    public static DatasetConfig defaults() {
        return new DatasetConfig(20, 64, 64, ChannelOrder.BGR, 0.70, 0.15, 0.15, 27L, "", Normalisation.unit());
    }

    public DatasetConfig withGeometry(int frames, int height, int width) {
        return new DatasetConfig(frames, height, width, channelOrder, trainFraction, validationFraction, testFraction,
                splitSeed, cacheDir, normalisation, sampling);
    }

    public DatasetConfig withSampling(SamplingConfig newSampling) {
        return new DatasetConfig(framesPerWindow, frameHeight, frameWidth, channelOrder, trainFraction,
                validationFraction, testFraction, splitSeed, cacheDir, normalisation, newSampling);
    }

    /**
     * These split and cache settings with frames prepared as {@code spec} records (window, frame size, channel order,
     * normalisation, and a {@code rate} model's sampling): how a trained model's input is rebuilt for evaluation,
     * export checks and prediction.
     */
    public DatasetConfig preparedAs(ModelSpec spec) {
        WindowSampling s = spec.sampling();
        SamplingConfig sampled = s != null && s.mode() == SamplingMode.RATE
                ? SamplingConfig.rate(1.0 / s.intervalSeconds()) : SamplingConfig.even();
        return new DatasetConfig(spec.framesPerWindow(), spec.frameHeight(), spec.frameWidth(), spec.channelOrder(),
                trainFraction, validationFraction, testFraction, splitSeed, cacheDir, spec.normalisation(), sampled);
    }

    /**
     * Frames of a clip at {@code clipFps} that one window spans: {@code framesPerWindow} for even sampling (spread over
     * whatever the clip holds); for rate sampling slower than the clip, the frames from the window's first to its last
     * taken frame. A shorter clip is padded by repeating its last frame, which no served window does.
     */
    public int framesSpanned(double clipFps) {
        if (sampling.mode() != SamplingMode.RATE || sampling.fps() >= clipFps) {
            return framesPerWindow;
        }
        // The small allowance keeps an exact ratio (25 / 12.5) from rounding up a whole frame.
        return (int) Math.ceil((framesPerWindow - 1) * clipFps / sampling.fps() - 1e-6) + 1;
    }

    static void positive(int value, String key) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + ": must be > 0, got " + value);
        }
    }

    private static void fraction(double value, String key) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(key + ": must be within [0, 1], got " + value);
        }
    }
}
