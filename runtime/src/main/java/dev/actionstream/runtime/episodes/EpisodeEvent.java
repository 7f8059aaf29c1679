package dev.actionstream.runtime.episodes;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An episode began, is still going, or ended (schema: {@code episode-event.schema.json}, version
 * {@value #SCHEMA_VERSION}). Sent on {@code /ws} only to subscribers that ask with {@code ?episodes=true}; its
 * {@code type} tells it from label events (which have none) and stream-state events.
 */
@JsonPropertyOrder({"type", "schemaVersion", "phase"})
public record EpisodeEvent(String type, int schemaVersion, Phase phase, @JsonUnwrapped Episode episode) {

    public static final String TYPE = "episode";
    /** Raised when a field changes meaning or goes away; new optional fields keep it. */
    public static final int SCHEMA_VERSION = 1;

    public static EpisodeEvent of(Phase phase, Episode episode) {
        return new EpisodeEvent(TYPE, SCHEMA_VERSION, phase, episode);
    }

    public enum Phase {
        START("start"), UPDATE("update"), END("end");

        private final String wire;

        Phase(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }
}
