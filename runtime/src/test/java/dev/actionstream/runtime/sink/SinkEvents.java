package dev.actionstream.runtime.sink;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.ModelRef;
import dev.actionstream.runtime.events.WindowSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Label events for sink tests, and the checks every sink test makes on what a real subscriber received. */
final class SinkEvents {

    private SinkEvents() {
    }

    static LabelEvent label(String stream, long sequence, String label) {
        long frame = 15 + sequence * 4;
        return new LabelEvent(stream, sequence, new WindowSpan(frame - 15, frame, 1_780_000_000_000L + sequence * 160),
                label, 0.8, false, LabelEvent.Reason.PERIODIC,
                List.of(new LabelEvent.LabelScore(label, 0.8), new LabelEvent.LabelScore("other", 0.1)),
                new ModelRef("test-model", "1", "CPU"), 3.5);
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The label events' sequence numbers per stream, in the order they arrived; fails when a stream's sequence ever
     * goes backwards or repeats (out of order or duplicated).
     */
    static Map<String, List<Long>> sequencesInOrder(List<String> payloads) {
        return sequencesInOrder(payloads, false);
    }

    /**
     * As {@link #sequencesInOrder(List)}; with {@code redelivered} an event repeated right after itself is kept once:
     * MQTT QoS 1 is at-least-once, and a message in flight when the broker died is sent again after the reconnect.
     * Going backwards still fails.
     */
    static Map<String, List<Long>> sequencesInOrder(List<String> payloads, boolean redelivered) {
        Map<String, List<Long>> byStream = new HashMap<>();
        for (String p : payloads) {
            JsonNode n = json(p);
            if (!n.has("sequence")) {
                continue;
            }
            List<Long> seen = byStream.computeIfAbsent(n.get("stream").asText(), s -> new ArrayList<>());
            long seq = n.get("sequence").asLong();
            if (redelivered && !seen.isEmpty() && seq == seen.get(seen.size() - 1)) {
                continue;
            }
            if (!seen.isEmpty() && seq <= seen.get(seen.size() - 1)) {
                throw new AssertionError("stream " + n.get("stream").asText() + ": sequence " + seq + " arrived after "
                        + seen.get(seen.size() - 1));
            }
            seen.add(seq);
        }
        return byStream;
    }
}
