package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * Everything {@code actionstream train} needs besides the data folder. Defaults are the seeds' settings; a config file
 * only lists the keys it changes (see {@code examples/configs/train.yaml}). {@code mirror} flips each training window
 * left to right with probability 1/2 (a fresh draw per window per epoch); the actions here look the same mirrored.
 * {@code plateau} lowers the learning rate when validation loss stops improving; {@code initFrom} names a run folder
 * whose weights training starts from (fine-tuning on new data), "" for fresh weights; {@code initLayers} says whether
 * every layer must match that run ({@code all}) or only the layers that match are taken and the rest start fresh
 * ({@code matching}: transfer to other labels, a wider LSTM or another frame size).
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
        ConvLstm convlstm,
        Lrcn lrcn,
        Plateau plateau,
        String initFrom,
        InitLayers initLayers) {

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
        if (convlstm == null || lrcn == null) {
            throw new IllegalArgumentException("convlstm and lrcn sections are required");
        }
        if (plateau == null) {
            plateau = Plateau.off();
        }
        if (initFrom == null) {
            initFrom = "";
        }
        if (initLayers == null) {
            initLayers = InitLayers.ALL;
        }
    }

    /** Fresh weights and a constant learning rate. */
    public TrainingConfig(Architecture architecture, DatasetConfig dataset, int epochs, int batchSize,
                          double learningRate, long seed, int patience, boolean mirror, ConvLstm convlstm, Lrcn lrcn) {
        this(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror, convlstm, lrcn,
                Plateau.off(), "", InitLayers.ALL);
    }

    public static TrainingConfig defaults() {
        return new TrainingConfig(Architecture.CONVLSTM, DatasetConfig.defaults(), 50, 4, 1e-3, 27L, 10, false,
                ConvLstm.defaults(), Lrcn.defaults());
    }

    public TrainingConfig withArchitecture(Architecture a) {
        return new TrainingConfig(a, dataset, epochs, batchSize, learningRate, seed, patience, mirror, convlstm, lrcn,
                plateau, initFrom, initLayers);
    }

    public TrainingConfig withDataset(DatasetConfig d) {
        return new TrainingConfig(architecture, d, epochs, batchSize, learningRate, seed, patience, mirror, convlstm,
                lrcn, plateau, initFrom, initLayers);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(architecture, dataset, e, batchSize, learningRate, seed, patience, mirror, convlstm,
                lrcn, plateau, initFrom, initLayers);
    }

    public TrainingConfig withInitFrom(String runFolder) {
        return new TrainingConfig(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror,
                convlstm, lrcn, plateau, runFolder, initLayers);
    }

    public TrainingConfig withInitFrom(String runFolder, InitLayers layers) {
        return new TrainingConfig(architecture, dataset, epochs, batchSize, learningRate, seed, patience, mirror,
                convlstm, lrcn, plateau, runFolder, layers);
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

    /** ConvLSTM2D stack: one layer per filter count, each followed by (1,2,2) max-pooling and, but the last, dropout. */
    public record ConvLstm(List<Integer> filters, int kernelSize, double dropout) {
        public ConvLstm {
            if (filters == null || filters.isEmpty() || filters.stream().anyMatch(f -> f == null || f <= 0)) {
                throw new IllegalArgumentException("convlstm.filters: need one or more positive filter counts");
            }
            filters = List.copyOf(filters);
            if (kernelSize <= 0 || kernelSize % 2 == 0) {
                throw new IllegalArgumentException("convlstm.kernelSize: must be a positive odd number, got " + kernelSize);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("convlstm.dropout: must be within [0, 1), got " + dropout);
            }
        }

        public static ConvLstm defaults() {
            return new ConvLstm(List.of(4, 8, 14, 16), 3, 0.2);
        }
    }

    /** Time-distributed Conv2D (3x3, same, relu) + max-pooling + dropout per stage, then an LSTM. */
    public record Lrcn(List<Integer> filters, List<Integer> pools, double dropout, int lstmUnits) {
        public Lrcn {
            if (filters == null || filters.isEmpty() || filters.stream().anyMatch(f -> f == null || f <= 0)) {
                throw new IllegalArgumentException("lrcn.filters: need one or more positive filter counts");
            }
            if (pools == null || pools.size() != filters.size() || pools.stream().anyMatch(p -> p == null || p <= 0)) {
                throw new IllegalArgumentException("lrcn.pools: need one positive pool size per filter stage");
            }
            filters = List.copyOf(filters);
            pools = List.copyOf(pools);
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("lrcn.dropout: must be within [0, 1), got " + dropout);
            }
            DatasetConfig.positive(lstmUnits, "lrcn.lstmUnits");
        }

        public static Lrcn defaults() {
            return new Lrcn(List.of(16, 32, 64, 64), List.of(4, 4, 2, 2), 0.25, 32);
        }
    }
}
