package dev.actionstream.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

/**
 * The sizes of one network family, one type per {@link Architecture}. In a config file each is the section named
 * after its architecture ({@code convlstm:}, {@code lrcn:}); {@link ArchitectureConfigDeserializer} picks the type
 * from that key, so the sections need no type field of their own.
 */
@JsonDeserialize(using = ArchitectureConfigDeserializer.class)
public sealed interface ArchitectureConfig permits ConvLstmConfig, LrcnConfig {

    /** The architecture these sizes are for; not written to files, the section's key says it. */
    Architecture kind();
}
