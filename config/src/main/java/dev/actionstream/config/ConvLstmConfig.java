package dev.actionstream.config;

import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.List;

/** ConvLSTM2D stack: one layer per filter count, each followed by (1,2,2) max-pooling and, but the last, dropout. */
@JsonDeserialize(using = JsonDeserializer.None.class) // bound as a plain record once the section key chose it
public record ConvLstmConfig(List<Integer> filters, int kernelSize, double dropout) implements ArchitectureConfig {

    public ConvLstmConfig {
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

    public static ConvLstmConfig defaults() {
        return new ConvLstmConfig(List.of(4, 8, 14, 16), 3, 0.2);
    }

    @Override
    public Architecture kind() {
        return Architecture.CONVLSTM;
    }
}
