package dev.actionstream.runtime.capture;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a stream's pre-roll buffer holds now, as {@code GET /api/captures} and {@code /api/status} report it.
 *
 * @param oldestMillis  capture time of the oldest frame held, epoch ms (0 when empty)
 * @param newestMillis  capture time of the newest frame held, epoch ms (0 when empty)
 * @param bytes         compressed bytes held
 * @param capacityBytes the most it may hold ({@code capture.bufferBytesPerStream})
 * @param dropped       frames not buffered because the compressor was behind
 */
public record BufferSpan(String stream, int frames, long oldestFrame, long newestFrame, long oldestMillis,
                         long newestMillis, long bytes, long capacityBytes, long dropped) {

    /** Seconds between the oldest and the newest frame held. */
    @JsonProperty("seconds")
    public double seconds() {
        return frames < 2 ? 0 : (newestMillis - oldestMillis) / 1000.0;
    }
}
