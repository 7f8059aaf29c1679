package dev.actionstream.runtime.events;

import java.util.List;

/**
 * One label event as sent to WebSocket subscribers (schema: {@code runtime/src/main/resources/schema/label-event.schema.json}).
 *
 * @param stream             stream name
 * @param sequence           per-stream sequence number, 1, 2, 3, ... without gaps
 * @param frameIndex         index of the newest frame in the scored window (frames counted since the stream started)
 * @param captureTimestampMs wall-clock time (epoch ms) at which that newest frame was captured
 * @param windowStartFrame   index of the oldest frame in the window
 * @param windowEndFrame     index of the newest frame in the window (= frameIndex)
 * @param label              smoothed top label, or {@code "uncertain"} when below the confidence threshold
 * @param confidence         probability of the top label after the label filter ({@code events.filter})
 * @param uncertain          whether the confidence was below the threshold
 * @param reason             {@code "change"} when the smoothed label changed, {@code "periodic"} otherwise
 * @param topK               the k best smoothed labels, best first
 * @param modelName          name of the model that scored the window
 * @param modelVersion       its version
 * @param executionProvider  {@code "CUDA"} or {@code "CPU"}
 * @param latencyMs          capture of the newest frame → publication of this event
 */
public record LabelEvent(
        String stream,
        long sequence,
        long frameIndex,
        long captureTimestampMs,
        long windowStartFrame,
        long windowEndFrame,
        String label,
        double confidence,
        boolean uncertain,
        String reason,
        List<LabelScore> topK,
        String modelName,
        String modelVersion,
        String executionProvider,
        double latencyMs) {

    public static final String UNCERTAIN = "uncertain";

    /** One entry of {@link LabelEvent#topK()}. */
    public record LabelScore(String label, double probability) {
    }
}
