package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything {@code actionstream train} needs besides the data folder. Defaults are the seeds' settings; a config file
 * only lists the keys it changes (see {@code examples/configs/train.yaml}). {@code mirror} flips each training window
 * left to right with probability 1/2 (a fresh draw per window per epoch); the actions here look the same mirrored.
 * {@code colourCast} (0 = off) gives each training window a random order of its colour channels and a gain per
 * channel within {@code 1 ± colourCast}, so that few people in few clips do not teach the model their clothes.
 * {@code plateau} lowers the learning rate when validation loss stops improving; {@code initFrom} names a run folder
 * whose weights training starts from (fine-tuning on new data), "" for fresh weights; {@code initLayers} says whether
 * every layer must match that run ({@code all}) or only the layers that match are taken and the rest start fresh
 * ({@code matching}: transfer to other labels, a wider LSTM or another frame size). {@code trainLayers} says which
 * layers learn: {@code all}, or ({@code head}, LRCN with {@code initFrom}) only the LSTM and the output layer, the
 * split form's head, while the per-frame encoder keeps the weights of {@code initFrom}: a few dozen clips of a new
 * action then cannot teach the encoder the look of the few people in them; or ({@code top}) the head and the encoder's
 * last stage.
 *
 * <p>{@code networks} holds one {@link ArchitectureConfig} per {@link Architecture}, keyed by its id, as top-level
 * sections of the file ({@code convlstm:}, {@code lrcn:}). All are kept, not only the chosen one, so that
 * {@code --arch} can switch architecture after a file is read and a run's config.yaml still lists every section.
 */
public record TrainingConfig(
        Architecture architecture,
        DatasetConfig dataset,
        int epochs,
        int batchSize,
        double learningRate,
        long seed,
        int patience,
        boolean mirror,
        @JsonAnySetter @JsonAnyGetter Map<String, ArchitectureConfig> networks,
        Plateau plateau,
        String initFrom,
        InitLayers initLayers,
        TrainLayers trainLayers,
        double colourCast) {

    public TrainingConfig {
        if (architecture == null) {
            throw new IllegalArgumentException("architecture: required (convlstm or lrcn)");
        }
        if (dataset == null) {
            throw new IllegalArgumentException("dataset: required");
        }
        DatasetConfig.positive(epochs, "epochs");
        DatasetConfig.positive(batchSize, "batchSize");
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate: must be within (0, 1), got " + learningRate);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience: must be >= 0, got " + patience);
        }
        networks = inArchitectureOrder(networks);
        if (plateau == null) {
            plateau = Plateau.off();
        }
        if (initFrom == null) {
            initFrom = "";
        }
        if (initLayers == null) {
            initLayers = InitLayers.ALL;
        }
        if (trainLayers == null) {
            trainLayers = TrainLayers.ALL;
        }
        if (!(colourCast >= 0 && colourCast < 1)) {
            throw new IllegalArgumentException("colourCast: must be within [0, 1) (0 = off), got " + colourCast);
        }
    }

    /** Every layer learns. */
    public TrainingConfig(Architecture architecture, DatasetConfig dataset, int epochs, int batchSize,
                          double learningRate, long seed, int patience, boolean mirror,
                          Map<String, ArchitectureConfig> networks, Plateau plateau, String initFrom,
                          InitLayers initLayers) {
        this(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror, networks, plateau,
                initFrom, initLayers, TrainLayers.ALL, 0);
    }

    /** Fresh weights and a constant learning rate; {@code networks} gives one config per architecture. */
    public TrainingConfig(Architecture architecture, DatasetConfig dataset, int epochs, int batchSize,
                          double learningRate, long seed, int patience, boolean mirror, ArchitectureConfig... networks) {
        this(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror, byId(networks),
                Plateau.off(), "", InitLayers.ALL, TrainLayers.ALL, 0);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(Architecture.CONVLSTM, DatasetConfig.defaults(), 50, 4, 1e-3, 27L, 10, false,
                Arrays.stream(Architecture.values()).map(Architecture::defaults).toArray(ArchitectureConfig[]::new));
    }

    /** The sizes of the chosen architecture. */
    public ArchitectureConfig network() {
        return network(architecture);
    }

    /** The sizes this config holds for {@code a}, chosen or not. */
    public ArchitectureConfig network(Architecture a) {
        return networks.get(a.id());
    }

    /** The sizes this config holds for the architecture configured by {@code type}. */
    public <T extends ArchitectureConfig> T network(Class<T> type) {
        return networks.values().stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + type.getSimpleName() + " section"));
    }

    /** A copy with {@code sizes} in place of the section of its architecture. */
    public TrainingConfig withNetwork(ArchitectureConfig sizes) {
        Map<String, ArchitectureConfig> n = new LinkedHashMap<>(networks);
        n.put(sizes.kind().id(), sizes);
        return new TrainingConfig(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror, n,
                plateau, initFrom, initLayers, trainLayers, colourCast);
    }

    private static Map<String, ArchitectureConfig> byId(ArchitectureConfig... networks) {
        Map<String, ArchitectureConfig> byId = new LinkedHashMap<>();
        for (ArchitectureConfig n : networks) {
            if (byId.put(n.kind().id(), n) != null) {
                throw new IllegalArgumentException("two " + n.kind().id() + " sections");
            }
        }
        return byId;
    }

    /** Every architecture's section, checked against its key, in declaration order (files list them that way). */
    private static Map<String, ArchitectureConfig> inArchitectureOrder(Map<String, ArchitectureConfig> networks) {
        if (networks == null) {
            networks = Map.of();
        }
        Map<String, ArchitectureConfig> ordered = new LinkedHashMap<>();
        for (Architecture a : Architecture.values()) {
            ArchitectureConfig n = networks.get(a.id());
            if (n == null) {
                throw new IllegalArgumentException(a.id() + ": section required (one per architecture: "
                        + Arrays.stream(Architecture.values()).map(Architecture::id).toList() + ")");
            }
            if (n.kind() != a) {
                throw new IllegalArgumentException(a.id() + ": holds " + n.kind().id() + " sizes");
            }
            ordered.put(a.id(), n);
        }
        if (ordered.size() != networks.size()) {
            throw new IllegalArgumentException("sections for unknown architectures: " + networks.keySet());
        }
        return Collections.unmodifiableMap(ordered);
    }

    public TrainingConfig withArchitecture(Architecture a) {
        return new TrainingConfig(a, dataset, epochs, batchSize, learningRate, seed, patience, mirror, networks,
                plateau, initFrom, initLayers, trainLayers, colourCast);
    }

    public TrainingConfig withDataset(DatasetConfig d) {
        return new TrainingConfig(architecture, d, epochs, batchSize, learningRate, seed, patience, mirror, networks,
                plateau, initFrom, initLayers, trainLayers, colourCast);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(architecture, dataset, e, batchSize, learningRate, seed, patience, mirror, networks,
                plateau, initFrom, initLayers, trainLayers, colourCast);
    }

    public TrainingConfig withInitFrom(String runFolder) {
        return new TrainingConfig(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror,
                networks, plateau, runFolder, initLayers, trainLayers, colourCast);
    }

    public TrainingConfig withInitFrom(String runFolder, InitLayers layers) {
        return new TrainingConfig(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror,
                networks, plateau, runFolder, layers, trainLayers, colourCast);
    }

    public TrainingConfig withTrainLayers(TrainLayers layers) {
        return new TrainingConfig(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror,
                networks, plateau, initFrom, initLayers, layers, colourCast);
    }

    public TrainingConfig withColourCast(double strength) {
        return new TrainingConfig(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror,
                networks, plateau, initFrom, initLayers, trainLayers, strength);
    }

    /** Which layers {@code initFrom} supplies. */
    public enum InitLayers {
        /** Every layer, or the run is refused: fine-tuning the same model on new data. */
        ALL,
        /** The layers whose parameters have the same shapes (and not the output layer when the labels differ). */
        MATCHING;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static InitLayers of(String id) {
            for (InitLayers l : values()) {
                if (l.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                    return l;
                }
            }
            throw new IllegalArgumentException("initLayers: expected all or matching, got '" + id + "'");
        }
    }

    /** Which layers training changes. */
    public enum TrainLayers {
        /** Every layer. */
        ALL,
        /**
         * The head and the per-frame encoder's last stage (its last convolution); the earlier stages keep their
         * initial weights. The features the head reads can take on a new action's shapes, while the stages that see
         * edges and colours, which a few people in a few clips would teach their own look, stay as they were.
         */
        TOP,
        /** The LSTM and the output layer (the split form's head); the per-frame encoder keeps its initial weights. */
        HEAD;

        /** Whether part of the network keeps its initial weights (an LRCN started from a run). */
        public boolean keepsEncoderLayers() {
            return this != ALL;
        }

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static TrainLayers of(String id) {
            for (TrainLayers l : values()) {
                if (l.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                    return l;
                }
            }
            throw new IllegalArgumentException("trainLayers: expected all, top or head, got '" + id + "'");
        }
    }

    /**
     * Reduce-on-plateau: after {@code patience} epochs without a new best validation loss the learning rate is
     * multiplied by {@code factor}, never below {@code minimum}; the count restarts after each reduction.
     * {@code patience = 0} (the default) keeps the rate constant.
     */
    public record Plateau(double factor, int patience, double minimum) {
        public Plateau {
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("plateau.factor: must be within (0, 1), got " + factor);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("plateau.patience: must be >= 0, got " + patience);
            }
            if (!(minimum >= 0 && minimum < 1)) {
                throw new IllegalArgumentException("plateau.minimum: must be within [0, 1), got " + minimum);
            }
        }

        public static Plateau off() {
            return new Plateau(0.5, 0, 1e-5);
        }

        public boolean enabled() {
            return patience > 0;
        }
    }
}
