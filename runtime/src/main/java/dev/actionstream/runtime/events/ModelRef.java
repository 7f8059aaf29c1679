package dev.actionstream.runtime.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which model scored a window and where it ran, as named in label events.
 *
 * @param executionProvider {@code "CUDA"} or {@code "CPU"}
 */
public record ModelRef(
        @JsonProperty("modelName") String name,
        @JsonProperty("modelVersion") String version,
        @JsonProperty("executionProvider") String executionProvider) {
}
