package dev.actionstream.runtime.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;

import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * A validated {@code POST /api/captures} body:
 * {@code {"stream","label","dataset"?,"lastSeconds" | "start"+"end" (epoch ms) | "firstFrame"+"lastFrame",
 * "postRollSeconds"?}}. A frame range names frames by their index in the stream (as label events and episodes do):
 * exact where a wall-clock range depends on when each frame happened to be captured.
 *
 * @param lastSeconds     seconds before the request to start at; 0 when {@code start}/{@code end} are given
 * @param start           epoch ms, or 0 with {@code lastSeconds}
 * @param end             epoch ms, or 0 with {@code lastSeconds}
 * @param postRollSeconds seconds after {@code end} (or after the request) to include, waiting for them
 * @param firstFrame      first frame index of a frame range, or -1
 * @param lastFrame       last frame index (inclusive) of a frame range, or -1
 */
public record ClipRequest(String stream, String label, String dataset, double lastSeconds, long start, long end,
                          double postRollSeconds, long firstFrame, long lastFrame) {

    static final String DEFAULT_DATASET = "captures";
    private static final Set<String> FIELDS = Set.of("stream", "label", "dataset", "lastSeconds", "start", "end",
            "postRollSeconds", "firstFrame", "lastFrame");

    /** Parses and checks everything that needs no buffer: names, one kind of range, limits. */
    static ClipRequest parse(byte[] body, double maxSeconds, double maxPostRollSeconds) throws CaptureRefusedException {
        JsonNode json;
        try {
            json = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CaptureRefusedException(400, "body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CaptureRefusedException(400, "body is not JSON: " + e.getMessage());
        }
        if (json == null || !json.isObject()) {
            throw new CaptureRefusedException(400, "body must be a JSON object: {\"stream\":\"cam1\",\"label\":"
                    + "\"waving\",\"lastSeconds\":3}");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String f = names.next();
            if (!FIELDS.contains(f)) {
                throw new CaptureRefusedException(400, "unknown field '" + f + "'; fields: " + FIELDS);
            }
        }
        String stream = text(json, "stream");
        if (stream == null || stream.isEmpty()) {
            throw new CaptureRefusedException(400, "stream: required");
        }
        String label = CaptureNames.check("label", text(json, "label"));
        String dataset = json.has("dataset") ? CaptureNames.check("dataset", text(json, "dataset")) : DEFAULT_DATASET;
        double postRoll = number(json, "postRollSeconds", 0);
        if (!(postRoll >= 0 && postRoll <= maxPostRollSeconds)) {
            throw new CaptureRefusedException(400, "postRollSeconds: must be within 0.." + maxPostRollSeconds
                    + " (capture.maxPostRollSeconds), got " + postRoll);
        }
        boolean last = json.has("lastSeconds");
        boolean range = json.has("start") || json.has("end");
        boolean frames = json.has("firstFrame") || json.has("lastFrame");
        if ((last ? 1 : 0) + (range ? 1 : 0) + (frames ? 1 : 0) != 1) {
            throw new CaptureRefusedException(400, "give one of lastSeconds, start and end (epoch ms), or firstFrame"
                    + " and lastFrame (frame indices)");
        }
        if (frames) {
            if (postRoll > 0) {
                throw new CaptureRefusedException(400, "postRollSeconds: not with a frame range (its frames are"
                        + " named already)");
            }
            long first = (long) number(json, "firstFrame", -1);
            long lastFrame = (long) number(json, "lastFrame", -1);
            if (first < 0 || lastFrame <= first) {
                throw new CaptureRefusedException(400, "firstFrame and lastFrame: both required, frame indices >= 0,"
                        + " firstFrame before lastFrame");
            }
            return new ClipRequest(stream, label, dataset, 0, 0, 0, 0, first, lastFrame);
        }
        if (last) {
            double seconds = number(json, "lastSeconds", 0);
            if (!(seconds > 0 && seconds <= maxSeconds)) {
                throw new CaptureRefusedException(400, "lastSeconds: must be within (0, " + maxSeconds
                        + "] (capture.seconds), got " + seconds);
            }
            return new ClipRequest(stream, label, dataset, seconds, 0, 0, postRoll, -1, -1);
        }
        long start = (long) number(json, "start", -1);
        long end = (long) number(json, "end", -1);
        if (start <= 0 || end <= 0 || end <= start) {
            throw new CaptureRefusedException(400, "start and end: both required, epoch ms, start before end");
        }
        return new ClipRequest(stream, label, dataset, 0, start, end, postRoll, -1, -1);
    }

    private static String text(JsonNode json, String field) throws CaptureRefusedException {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new CaptureRefusedException(400, field + ": must be a string");
        }
        return n.asText();
    }

    private static double number(JsonNode json, String field, double absent) throws CaptureRefusedException {
        JsonNode n = json.get(field);
        if (n == null) {
            return absent;
        }
        if (!n.isNumber()) {
            throw new CaptureRefusedException(400, field + ": must be a number");
        }
        return n.asDouble();
    }

    /** Whether this names frames by index rather than by time. */
    boolean byFrames() {
        return firstFrame >= 0;
    }

    /** The capture's first and last instants, epoch ms, for a request received at {@code nowMillis}. */
    long fromMillis(long nowMillis) {
        return lastSeconds > 0 ? nowMillis - Math.round(lastSeconds * 1000) : start;
    }

    long toMillis(long nowMillis) {
        return (lastSeconds > 0 ? nowMillis : end) + Math.round(postRollSeconds * 1000);
    }
}
