package dev.actionstream.runtime.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * One label event (schema: {@code runtime/src/main/resources/schema/label-event.schema.json}). The JSON is flat, as
 * clients know it; the window and the model are unwrapped into it.
 *
 * @param stream     stream name
 * @param sequence   per-stream sequence number, 1, 2, 3, ... without gaps
 * @param window     the frames scored and when the newest was captured
 * @param label      smoothed top label; {@code "unknown"} when the windows are unlike anything the model was trained
 *                   on, {@code "uncertain"} when no action's confidence reaches the threshold
 * @param confidence probability of the top label after the label filter ({@code events.filter}): of the action given
 *                   that the window is known, or of the unknown state
 * @param uncertain  whether the confidence was below the threshold
 * @param reason     why the event was sent
 * @param topK       the k best smoothed labels, best first
 * @param model      the model that scored the window and its execution provider
 * @param latencyMs  capture of the newest frame → publication of this event
 * @param oodScore   this window's out-of-distribution score (higher = less like the training windows), or
 *                   {@code null} for a model that gives none
 * @param known      false exactly when {@code label} is {@code "unknown"}
 */
@JsonPropertyOrder({"schemaVersion"})
public record LabelEvent(
        String stream,
        long sequence,
        @JsonUnwrapped WindowSpan window,
        String label,
        double confidence,
        boolean uncertain,
        Reason reason,
        List<LabelScore> topK,
        @JsonUnwrapped ModelRef model,
        double latencyMs,
        Double oodScore,
        boolean known) {

    public static final String UNCERTAIN = "uncertain";
    /** The label of windows unlike anything the model was trained on (its {@code ood_score} above the threshold). */
    public static final String UNKNOWN = "unknown";
    /**
     * Version of the event's JSON form (the schema's {@code schemaVersion}): 2 added {@code oodScore}, {@code known}
     * and the {@code "unknown"} label.
     */
    public static final int SCHEMA_VERSION = 2;

    /** An event of a model without an out-of-distribution score: never unknown. */
    public LabelEvent(String stream, long sequence, WindowSpan window, String label, double confidence,
                      boolean uncertain, Reason reason, List<LabelScore> topK, ModelRef model, double latencyMs) {
        this(stream, sequence, window, label, confidence, uncertain, reason, topK, model, latencyMs, null, true);
    }

    /** {@link #SCHEMA_VERSION}, in every event so a client can tell which fields to expect. */
    @JsonProperty("schemaVersion")
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** Why an event was sent; serialised as {@code "change"} or {@code "periodic"}. */
    public enum Reason {
        /** The smoothed label changed. */
        CHANGE("change"),
        /** The label held; a periodic event is due ({@code events.periodicHz}). */
        PERIODIC("periodic");

        private final String wire;

        Reason(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /** One entry of {@link LabelEvent#topK()}. */
    public record LabelScore(String label, double probability) {
    }

    // The flat accessors below read as the JSON does; Jackson does not see them (records expose components only).

    /** Index of the newest frame in the window. */
    public long frameIndex() {
        return window.endFrame();
    }

    public long captureTimestampMs() {
        return window.captureTimestampMs();
    }

    public long windowStartFrame() {
        return window.startFrame();
    }

    public long windowEndFrame() {
        return window.endFrame();
    }

    public String modelName() {
        return model.name();
    }

    public String modelVersion() {
        return model.version();
    }

    public String executionProvider() {
        return model.executionProvider();
    }
}
