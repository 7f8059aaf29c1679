package dev.actionstream.runtime.events;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.episodes.EpisodeEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The JSON form of events (the schemas under {@code runtime/src/main/resources/schema/}), written in one place so every
 * sink that sends JSON sends the same bytes for the same event.
 */
public final class EventJson {

    private static final ObjectWriter LABEL = Json.MAPPER.writerFor(LabelEvent.class);
    private static final ObjectWriter STATE = Json.MAPPER.writerFor(StreamStateEvent.class);
    private static final ObjectWriter EPISODE = Json.MAPPER.writerFor(EpisodeEvent.class);

    private EventJson() {
    }

    /** Writes {@code event} to {@code out} as UTF-8 JSON. */
    public static void write(LabelEvent event, OutputStream out) throws IOException {
        LABEL.writeValue(out, event);
    }

    public static String label(LabelEvent event) {
        try {
            return LABEL.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise label event for stream " + event.stream(), e);
        }
    }

    /** UTF-8 JSON, straight to bytes (no intermediate string). */
    public static byte[] labelBytes(LabelEvent event) {
        try {
            return LABEL.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise label event for stream " + event.stream(), e);
        }
    }

    public static String state(StreamStateEvent event) {
        try {
            return STATE.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise state event for stream " + event.stream(), e);
        }
    }

    public static String episode(EpisodeEvent event) {
        try {
            return EPISODE.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise episode event " + event.episode().id(), e);
        }
    }
}
