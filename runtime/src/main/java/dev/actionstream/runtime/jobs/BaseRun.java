package dev.actionstream.runtime.jobs;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.SamplingConfig;
import dev.actionstream.config.SamplingMode;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.config.WindowSampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run a job starts from: a run folder with the weights ({@code model.zip}), the spec and the config
 * (which the job repeats, so the candidate prepares frames as the base does). Read without DL4J: only its JSON.
 */
public record BaseRun(Path folder, ModelSpec spec) {

    /**
     * The learning rate a job uses at least when its labels differ from the base's: the output layer starts fresh
     * then, and a fine-tuning rate (the shipped live run's is 5e-5) barely moves it in a few epochs.
     */
    public static final double TRANSFER_LEARNING_RATE = 1e-3;

    /** The colour cast a job teaching new labels trains with at least ({@code colourCast}). */
    public static final double TEACHING_COLOUR_CAST = 0.3;

    /**
     * The stretch of time, in seconds, a window of a job teaching new labels to an LRCN's top spans at least (frames
     * times the interval between them). The shipped live model's 8 frames at 25 fps span 0.32 s: a fraction of a slow
     * action's cycle (a squat takes 1.3 to 2.5 s), and near its turning points the figure barely moves. Taking every
     * third frame makes it 0.96 s, and the head, which learns again anyway, learns the known actions at that scale
     * too. Measured live on 76 fresh people squatting (bench/README.md#teaching): 0.32 s 81 %, 0.64 s 91 %, 0.96 s
     * 95 % of steady events; the known actions 94 / 96 / 96 %. The price: a label settles later after a change.
     */
    public static final double TEACHING_WINDOW_SECONDS = 0.8;

    /** Opens {@code folder} as a base run; a 422 names what is missing. */
    public static BaseRun open(Path folder) throws JobRefusedException {
        Path f = folder.toAbsolutePath().normalize();
        for (String needed : List.of("model.zip", "spec.json", "config.yaml")) {
            if (!Files.isRegularFile(f.resolve(needed))) {
                throw new JobRefusedException(422, "base " + folder + " is not a training run folder: no " + needed);
            }
        }
        try {
            return new BaseRun(f, ModelSpec.fromJson(Files.readString(f.resolve("spec.json"))));
        } catch (IOException | RuntimeException e) {
            throw new JobRefusedException(422, "base " + folder + ": unreadable spec.json: " + e.getMessage());
        }
    }

    public List<String> labels() {
        return spec.labels();
    }

    Path config() {
        return folder.resolve("config.yaml");
    }

    /**
     * The base's training config with the time scale its model learned: a run whose spec says its windows were
     * consecutive frames at a rate is trained at that rate again (a config written before sampling was configurable
     * would otherwise fall back to spreading each window over the whole clip, another time scale); and the
     * learning rate asked for, else the base's, raised for new labels.
     *
     * <p>The layers asked for, else, when an LRCN learns new labels, its head and the encoder's last stage
     * ({@code trainLayers: top}) with a colour cast on every window ({@link #TEACHING_COLOUR_CAST}): a new action comes
     * from the few people one camera saw in a few minutes, and a whole network fine-tuned on them learns those people
     * rather than the action, while the head alone reads features that were never taught the new action's shapes
     * (measured: bench/README.md#teaching); and, for a base sampled at a rate, at a rate that takes every k-th frame
     * so a window spans at least {@link #TEACHING_WINDOW_SECONDS}. The same labels train every layer at the base's
     * rate, as the base did: more footage of known actions, from the user's own camera, is what the encoder should
     * adapt to.
     */
    TrainingConfig trainingConfig(Double learningRate, List<String> labels, TrainingConfig.TrainLayers layers)
            throws JobRefusedException {
        TrainingConfig cfg;
        try {
            cfg = ConfigLoader.load(config(), TrainingConfig.class, TrainingConfig.defaults());
        } catch (RuntimeException e) {
            throw new JobRefusedException(422, "base " + folder + ": unreadable config.yaml: " + e.getMessage());
        }
        WindowSampling s = spec.sampling();
        if (s != null && s.mode() == SamplingMode.RATE && s.intervalSeconds() > 0) {
            cfg = cfg.withDataset(cfg.dataset().withSampling(SamplingConfig.rate(1 / s.intervalSeconds())));
        }
        double rate = learningRate != null ? learningRate
                : labels.equals(spec.labels()) ? cfg.learningRate()
                : Math.max(cfg.learningRate(), TRANSFER_LEARNING_RATE);
        boolean teaching = !labels.equals(spec.labels());
        TrainingConfig.TrainLayers train = layers != null ? layers
                : teaching && cfg.architecture() == Architecture.LRCN ? teachingLayers(cfg)
                : TrainingConfig.TrainLayers.ALL;
        if (train.keepsEncoderLayers() && cfg.architecture() != Architecture.LRCN) {
            throw new JobRefusedException(422, "trainLayers: " + train.id() + " needs an LRCN base; " + folder + " is "
                    + cfg.architecture().id());
        }
        SamplingConfig sampling = cfg.dataset().sampling();
        if (teaching && train.keepsEncoderLayers() && sampling.mode() == SamplingMode.RATE) {
            int every = frameStep(sampling.fps(), cfg.dataset().framesPerWindow());
            cfg = cfg.withDataset(cfg.dataset().withSampling(SamplingConfig.rate(sampling.fps() / every)));
        }
        double colour = teaching && spec.channels() > 1 ? Math.max(cfg.colourCast(), TEACHING_COLOUR_CAST)
                : cfg.colourCast();
        return new TrainingConfig(cfg.architecture(), cfg.dataset(), cfg.epochs(), cfg.batchSize(), rate, cfg.seed(),
                cfg.patience(), cfg.mirror(), cfg.networks(), cfg.plateau(), cfg.initFrom(), cfg.initLayers(), train,
                colour);
    }

    /** The top, or the head alone where the encoder has one stage only (nothing below its top would stay). */
    private static TrainingConfig.TrainLayers teachingLayers(TrainingConfig cfg) {
        return cfg.network(Architecture.LRCN) instanceof LrcnConfig lrcn && lrcn.filters().size() > 1
                ? TrainingConfig.TrainLayers.TOP : TrainingConfig.TrainLayers.HEAD;
    }

    /** Every how many frames at {@code fps} a window of {@code frames} takes one to span the teaching stretch. */
    static int frameStep(double fps, int frames) {
        return frames < 2 ? 1 : Math.max(1, (int) Math.ceil(TEACHING_WINDOW_SECONDS * fps / frames - 1e-9));
    }
}
