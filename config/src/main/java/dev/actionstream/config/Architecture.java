package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The network families actionstream trains and serves, by the name that files and the command line use. Each names
 * the {@link ArchitectureConfig} type that sizes it; the trainer's network builders and the exporter's layer emitters
 * do the rest.
 */
public enum Architecture {
    /** Stacked ConvLSTM2D layers (Keras semantics) followed by a dense softmax. */
    CONVLSTM(ConvLstmConfig.class, ConvLstmConfig::defaults),
    /** Long-term recurrent convolutional network: a per-frame CNN followed by an LSTM. */
    LRCN(LrcnConfig.class, LrcnConfig::defaults);

    private final Class<? extends ArchitectureConfig> configType;
    private final Supplier<? extends ArchitectureConfig> defaults;

    Architecture(Class<? extends ArchitectureConfig> configType, Supplier<? extends ArchitectureConfig> defaults) {
        this.configType = configType;
        this.defaults = defaults;
    }

    /** The type of this architecture's section in a training config. */
    public Class<? extends ArchitectureConfig> configType() {
        return configType;
    }

    /** The seeds' sizes for this architecture. */
    public ArchitectureConfig defaults() {
        return defaults.get();
    }

    /** The architecture whose config section is named {@code key} (its id, exactly as written). */
    public static Optional<Architecture> ofSection(String key) {
        return Arrays.stream(values()).filter(a -> a.id().equals(key)).findFirst();
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Architecture of(String id) {
        for (Architecture a : values()) {
            if (a.id().equalsIgnoreCase(id.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + id + "', expected one of "
                + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")));
    }
}
