package dev.actionstream.runtime.server.websocket;

import dev.actionstream.runtime.events.LabelEventSchema;
import dev.actionstream.runtime.events.StreamStateEvent;

import dev.actionstream.runtime.status.StreamState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stream state changes reach only the subscribers that asked for them, as schema-valid JSON. */
class StreamStateEventTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final SubscriberRegistry registry = new SubscriberRegistry();
    private final WebSocketSink fanOut = new WebSocketSink(registry,
            new LabelEventWriter(PooledByteBufAllocator.DEFAULT), meters.counter("sent"), meters.counter("dropped"));

    @Test
    void goesOnlyToSubscribersThatAskedForStatesAndTheirStreams() {
        EmbeddedChannel labelsOnly = subscribe(Set.of(), false);
        EmbeddedChannel states = subscribe(Set.of(), true);
        EmbeddedChannel otherStream = subscribe(Set.of("cam2"), true);

        fanOut.onStreamState(StreamStateEvent.of("cam1", StreamState.RUNNING, StreamState.RECONNECTING, "connection refused"));

        assertNull(labelsOnly.readOutbound(), "label-event clients see no other message type");
        assertNull(otherStream.readOutbound(), "the stream filter applies to state changes too");
        TextWebSocketFrame frame = states.readOutbound();
        String json = frame.text();
        frame.release();
        assertEquals(Set.of(), LabelEventSchema.stateViolations(json), json);
        assertTrue(json.contains("\"type\":\"stream-state\"") && json.contains("\"state\":\"reconnecting\"")
                && json.contains("\"previous\":\"running\"") && json.contains("connection refused"), json);
        assertFalse(LabelEventSchema.violations(json).isEmpty(), "a state change is not a label event");
    }

    @Test
    void theQueryAsksForStates() {
        assertTrue(SubscriberHandler.statesWanted("/ws?states=true"));
        assertTrue(SubscriberHandler.statesWanted("/ws?stream=a&states=1"));
        assertFalse(SubscriberHandler.statesWanted("/ws"));
        assertFalse(SubscriberHandler.statesWanted("/ws?states=no"));
    }

    @Test
    void theSchemaRefusesUnknownStates() {
        String bad = "{\"type\":\"stream-state\",\"stream\":\"a\",\"state\":\"sleeping\",\"previous\":\"running\","
                + "\"error\":\"\",\"timestampMs\":1}";
        assertFalse(LabelEventSchema.stateViolations(bad).isEmpty());
    }

    private EmbeddedChannel subscribe(Set<String> streams, boolean states) {
        EmbeddedChannel ch = new EmbeddedChannel();
        registry.add(new Subscriber(ch, streams, states));
        return ch;
    }
}
