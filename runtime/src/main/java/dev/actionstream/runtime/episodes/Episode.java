package dev.actionstream.runtime.episodes;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One action episode as it stands (schema: {@code runtime/src/main/resources/schema/episode-event.schema.json}).
 * Times are the capture times (epoch ms) of the frames that ended the windows; frames are counted since the stream
 * started.
 *
 * @param id             unique, also across restarts
 * @param startMs        when the action began (the first window labelled with it), not when the episode was
 *                       reported: that waits {@code episodes.minSeconds}
 * @param endMs          when the action left (the first window labelled otherwise); for an open episode, its latest
 *                       window
 * @param startFrame     newest frame of the first window with the action
 * @param endFrame       newest frame of the last window with the action
 * @param peakConfidence highest confidence of the action among the episode's label events
 * @param peakMs         capture time of that event (the snapshot shows it)
 * @param meanConfidence mean confidence over the episode's label events
 * @param events         label events the episode is made of
 * @param state          {@code open} or {@code ended}
 * @param endReason      empty while open; {@code gap} (the action left), {@code stream} (the stream stopped),
 *                       {@code model} (another model took over) or {@code shutdown}
 */
public record Episode(String id, String stream, String label, long startMs, long endMs, long durationMs,
                      long startFrame, long endFrame, double peakConfidence, long peakMs, double meanConfidence,
                      int events, String modelName, String modelVersion, String state, String endReason) {

    public static final String OPEN = "open";
    public static final String ENDED = "ended";

    @JsonIgnore
    public boolean ended() {
        return ENDED.equals(state);
    }
}
