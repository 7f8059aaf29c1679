package dev.actionstream.runtime.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * Where a stream is in its life, as its grabber sees it. Written in lower case ({@link #id()}) in
 * {@code /api/status}, stream state events and the live view.
 */
public enum StreamState {
    /** The source is being opened for the first time. */
    STARTING,
    /** Frames are arriving. */
    RUNNING,
    /** The source failed or a live source ended; it is reopened after a backoff. */
    RECONNECTING,
    /** No frame for {@code pipeline.stallMillis}; reopened as soon as the read returns. */
    STALLED,
    /** A video file reached its end (without looping). */
    ENDED,
    /** The source cannot work and is not retried. */
    FAILED,
    /** Shut down with the server. */
    STOPPED;

    private final String id = name().toLowerCase(Locale.ROOT);

    /** The state as written in JSON and shown to people: {@code running}, {@code reconnecting}, ... */
    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static StreamState of(String id) {
        for (StreamState s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stream state '" + id + "'");
    }
}
