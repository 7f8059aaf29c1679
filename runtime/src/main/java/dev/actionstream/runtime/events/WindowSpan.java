package dev.actionstream.runtime.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The frames a label event was scored from, as they appear in the event's JSON ({@code frameIndex} is the newest frame,
 * the same as {@code windowEndFrame}; clients key on it).
 *
 * @param startFrame         index of the oldest frame in the window (frames counted since the stream started)
 * @param endFrame           index of the newest frame in the window
 * @param captureTimestampMs wall-clock time (epoch ms) at which the newest frame was captured
 */
@JsonPropertyOrder({"frameIndex", "captureTimestampMs", "windowStartFrame", "windowEndFrame"})
public record WindowSpan(
        @JsonProperty("windowStartFrame") long startFrame,
        @JsonProperty("windowEndFrame") long endFrame,
        @JsonProperty("captureTimestampMs") long captureTimestampMs) {

    @JsonProperty("frameIndex")
    public long frameIndex() {
        return endFrame;
    }
}
