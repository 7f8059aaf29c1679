package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a window's frames were taken from a training video: {@code even}, spread evenly over the whole clip (the
 * seeds' way; the time between frames follows from each clip's length), or {@code rate}, consecutive frames at a
 * fixed frame rate (the same time between frames for every clip, as a live stream is served).
 */
public enum SamplingMode {
    EVEN, RATE;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SamplingMode of(String id) {
        for (SamplingMode m : values()) {
            if (m.id().equals(id.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("sampling mode must be one of " + Arrays.stream(values())
                .map(SamplingMode::id).toList() + ", got '" + id + "'");
    }
}
