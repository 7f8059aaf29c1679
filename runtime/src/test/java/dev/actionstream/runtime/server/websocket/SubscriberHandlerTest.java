package dev.actionstream.runtime.server.websocket;

import dev.actionstream.runtime.events.StreamStateEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.status.StreamState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubscriberHandlerTest {

    private static final long STUCK_MILLIS = 500;

    private final SubscriberRegistry registry = new SubscriberRegistry();
    private final Counter stuck = new SimpleMeterRegistry().counter("stuck");

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(new IdleStateHandler(0, 0, 60),
                new SubscriberHandler(registry, STUCK_MILLIS, stuck));
        ch.freezeTime();
        return ch;
    }

    private static SubscriberHandler handler(EmbeddedChannel ch) {
        return ch.pipeline().get(SubscriberHandler.class);
    }

    /** Writability changes are announced through the event loop's task queue. */
    private static void setWritable(EmbeddedChannel ch, boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        ch.runPendingTasks();
    }

    private static void handshake(EmbeddedChannel ch, String uri) {
        ch.pipeline().fireUserEventTriggered(new HandshakeComplete(uri, new DefaultHttpHeaders(), null));
    }

    @Test
    void registersOnHandshakeWithTheStreamFilterAndDropsTheIdleTimeout() {
        EmbeddedChannel ch = channel();
        handshake(ch, "/ws?stream=cam1&stream=cam2,cam3");

        assertEquals(1, registry.size());
        assertEquals(Set.of("cam1", "cam2", "cam3"), registry.iterator().next().streams());
        assertNull(ch.pipeline().get(IdleStateHandler.class), "silent subscribers must not be closed as idle");
    }

    @Test
    void subscribesToAllStreamsWithoutAFilter() {
        handshake(channel(), "/ws");
        Subscriber s = registry.iterator().next();
        assertTrue(s.wants("anything"));
    }

    @Test
    void unregistersWhenTheConnectionCloses() {
        EmbeddedChannel ch = channel();
        handshake(ch, "/ws");
        ch.close();
        assertEquals(0, registry.size());
    }

    @Test
    void disconnectsASubscriberThatStaysUnwritable() {
        EmbeddedChannel ch = channel();
        handshake(ch, "/ws");
        setWritable(ch, false);

        ch.advanceTimeBy(STUCK_MILLIS - 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(ch.isActive(), "not yet stuck long enough");

        // Checked on a timer: stuck for stuckMillis, noticed by the next check.
        ch.advanceTimeBy(handler(ch).checkIntervalMillis() + 1, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertFalse(ch.isActive());
        assertEquals(1.0, stuck.count());
        assertEquals(0, registry.size());
        CloseWebSocketFrame close = ch.readOutbound();
        assertEquals(1008, close.statusCode());
        close.release();
    }

    @Test
    void keepsASubscriberThatRecoversInTime() {
        EmbeddedChannel ch = channel();
        handshake(ch, "/ws");
        setWritable(ch, false);
        ch.advanceTimeBy(STUCK_MILLIS / 2, TimeUnit.MILLISECONDS);
        setWritable(ch, true);
        ch.advanceTimeBy(STUCK_MILLIS * 2, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();

        assertTrue(ch.isActive());
        assertEquals(0.0, stuck.count());
        assertEquals(1, registry.size());
    }

    @Test
    void ignoresTextFromClients() {
        EmbeddedChannel ch = channel();
        handshake(ch, "/ws");
        TextWebSocketFrame frame = new TextWebSocketFrame(Unpooled.copiedBuffer("hello", io.netty.util.CharsetUtil.UTF_8));
        ch.writeInbound(frame);
        assertEquals(0, frame.refCnt(), "ignored frames are released");
        assertNull(ch.readInbound());
        assertNull(ch.readOutbound());
        assertTrue(ch.isActive());
    }

    @Test
    void aStatesSubscriberGetsEachWantedStreamsCurrentStateAtOnce() throws Exception {
        List<StreamStateEvent> now = List.of(StreamStateEvent.of("cam1", StreamState.RUNNING, StreamState.RUNNING, ""),
                StreamStateEvent.of("cam2", StreamState.RECONNECTING, StreamState.RECONNECTING, "connection refused"),
                StreamStateEvent.of("cam3", StreamState.RUNNING, StreamState.RUNNING, ""));
        EmbeddedChannel ch = new EmbeddedChannel(new SubscriberHandler(registry, STUCK_MILLIS, stuck, () -> now));
        handshake(ch, "/ws?states=true&stream=cam2,cam3");

        TextWebSocketFrame first = ch.readOutbound();
        TextWebSocketFrame second = ch.readOutbound();
        JsonNode cam2 = Json.MAPPER.readTree(first.text());
        assertEquals("stream-state", cam2.get("type").asText());
        assertEquals("cam2", cam2.get("stream").asText());
        assertEquals("reconnecting", cam2.get("state").asText());
        assertEquals("connection refused", cam2.get("error").asText());
        assertEquals("cam3", Json.MAPPER.readTree(second.text()).get("stream").asText());
        assertNull(ch.readOutbound(), "cam1 was not asked for");
        first.release();
        second.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void aLabelOnlySubscriberGetsNoStates() {
        EmbeddedChannel ch = new EmbeddedChannel(new SubscriberHandler(registry, STUCK_MILLIS, stuck,
                () -> List.of(StreamStateEvent.of("cam1", StreamState.RUNNING, StreamState.RUNNING, ""))));
        handshake(ch, "/ws");
        assertNull(ch.readOutbound());
        ch.finishAndReleaseAll();
    }
}
