package dev.actionstream.config;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.List;

/** Time-distributed Conv2D (3x3, same, relu) + max-pooling + dropout per stage, then an LSTM. */
@JsonDeserialize(using = JsonDeserializer.None.class) // bound as a plain record once the section key chose it
public record LrcnConfig(List<Integer> filters, List<Integer> pools, double dropout, int lstmUnits)
        implements ArchitectureConfig {

    public LrcnConfig {
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

    public static LrcnConfig defaults() {
        return new LrcnConfig(List.of(16, 32, 64, 64), List.of(4, 4, 2, 2), 0.25, 32);
    }

    @Override
    public Architecture kind() {
        return Architecture.LRCN;
    }
}
