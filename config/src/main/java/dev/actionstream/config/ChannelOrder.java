package dev.actionstream.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Order of the colour planes in model input. Decoders hand us BGR; the seeds' models saw BGR (OpenCV). */
public enum ChannelOrder {
    RGB, BGR;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ChannelOrder of(String id) {
        return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
}
