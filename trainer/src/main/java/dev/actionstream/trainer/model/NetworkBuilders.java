package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The one table from {@link Architecture} to its {@link NetworkBuilder}: a new architecture adds its builder here. */
public final class NetworkBuilders {

    private static final Map<Architecture, NetworkBuilder<?>> BUILDERS = byArchitecture(List.of(
            new ConvLstmNetworkBuilder(),
            new LrcnNetworkBuilder()));

    private NetworkBuilders() {
    }

    public static NetworkBuilder<?> of(Architecture architecture) {
        return BUILDERS.get(architecture);
    }

    /** Checked once, at class load: every architecture has exactly one builder, sized by its own config type. */
    private static Map<Architecture, NetworkBuilder<?>> byArchitecture(List<NetworkBuilder<?>> builders) {
        Map<Architecture, NetworkBuilder<?>> map = new EnumMap<>(Architecture.class);
        for (NetworkBuilder<?> b : builders) {
            if (b.configType() != b.architecture().configType()) {
                throw new IllegalStateException(b.getClass().getSimpleName() + " is sized by " + b.configType()
                        + ", but " + b.architecture().id() + " by " + b.architecture().configType());
            }
            if (map.put(b.architecture(), b) != null) {
                throw new IllegalStateException("two network builders for " + b.architecture().id());
            }
        }
        for (Architecture a : Architecture.values()) {
            if (!map.containsKey(a)) {
                throw new IllegalStateException("no network builder for " + a.id());
            }
        }
        return map;
    }
}
