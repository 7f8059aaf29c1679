package dev.actionstream.runtime.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.events.EventRecord;
import dev.actionstream.runtime.events.EventType;
import dev.actionstream.runtime.events.RecordSink;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NodeTaggedSinkTest {

    @Test
    void putsTheNodeIntoEveryEventAndKeepsTheRest() throws Exception {
        List<EventRecord> out = new ArrayList<>();
        RecordSink collect = out::add;
        NodeTaggedSink sink = new NodeTaggedSink("node-1", collect);
        EventRecord original = EventRecord.of(EventType.EPISODE, "cam1", "{\"type\":\"episode\",\"stream\":\"cam1\"}");
        sink.publish(original);
        EventRecord tagged = out.get(0);
        JsonNode json = Json.MAPPER.readTree(tagged.json());
        assertEquals("node-1", json.get("node").asText());
        assertEquals("episode", json.get("type").asText());
        assertEquals("cam1", json.get("stream").asText());
        assertEquals(EventType.EPISODE, tagged.type());
        assertEquals("cam1", tagged.stream());
        assertEquals("{\"type\":\"episode\",\"stream\":\"cam1\"}", original.jsonText(), "the shared record untouched");
        assertEquals("{\"node\":\"node-1\"}", new String(sink.tag("{}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8));
    }
}
