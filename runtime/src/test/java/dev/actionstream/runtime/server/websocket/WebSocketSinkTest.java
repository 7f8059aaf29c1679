package dev.actionstream.runtime.server.websocket;

import dev.actionstream.runtime.events.EventJson;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.TestEvents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebSocketSinkTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Counter sent = meters.counter("sent");
    private final Counter dropped = meters.counter("dropped");
    private final SubscriberRegistry registry = new SubscriberRegistry();
    private final WebSocketSink fanOut = new WebSocketSink(registry,
            new LabelEventWriter(PooledByteBufAllocator.DEFAULT), sent, dropped);

    @Test
    void serialisesOnceAndSharesTheBytesBetweenSubscribers() {
        EmbeddedChannel a = subscribe(Set.of());
        EmbeddedChannel b = subscribe(Set.of());
        LabelEvent event = TestEvents.event("cam1", 1);

        fanOut.onLabel(event);

        TextWebSocketFrame fa = a.readOutbound();
        TextWebSocketFrame fb = b.readOutbound();
        assertEquals(EventJson.label(event), fa.text());
        assertEquals(fa.text(), fb.text());
        ByteBuf shared = root(fa.content());
        assertSame(shared, root(fb.content()), "both frames must be views of one serialised buffer");
        fa.release();
        fb.release();
        assertEquals(0, shared.refCnt(), "the shared buffer is freed once every subscriber's frame is written");
        assertEquals(2.0, sent.count());
    }

    @Test
    void deliversOnlyTheStreamsASubscriberAskedFor() {
        EmbeddedChannel cam1Only = subscribe(Set.of("cam1"));
        EmbeddedChannel all = subscribe(Set.of());

        fanOut.onLabel(TestEvents.event("cam2", 1));
        fanOut.onLabel(TestEvents.event("cam1", 1));

        TextWebSocketFrame first = cam1Only.readOutbound();
        assertEquals("cam1", streamOf(first));
        assertNull(cam1Only.readOutbound());
        TextWebSocketFrame x = all.readOutbound();
        TextWebSocketFrame y = all.readOutbound();
        assertEquals("cam2", streamOf(x));
        assertEquals("cam1", streamOf(y));
        first.release();
        x.release();
        y.release();
    }

    @Test
    void dropsAndCountsEventsForAnUnwritableSubscriberOnly() {
        EmbeddedChannel slow = subscribe(Set.of());
        EmbeddedChannel fast = subscribe(Set.of());
        slow.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        for (int i = 1; i <= 3; i++) {
            fanOut.onLabel(TestEvents.event("cam1", i));
        }

        assertNull(slow.readOutbound());
        for (int i = 1; i <= 3; i++) {
            TextWebSocketFrame f = fast.readOutbound();
            assertEquals(true, f.text().contains("\"sequence\":" + i + ","));
            f.release();
        }
        assertEquals(3.0, dropped.count());
        assertEquals(3.0, sent.count());
    }

    @Test
    void publishingWithoutSubscribersDoesNothing() {
        fanOut.onLabel(TestEvents.event("cam1", 1));
        assertEquals(0.0, sent.count());
        assertEquals(0.0, dropped.count());
    }

    private EmbeddedChannel subscribe(Set<String> streams) {
        EmbeddedChannel ch = new EmbeddedChannel();
        registry.add(new Subscriber(ch, streams));
        return ch;
    }

    private static String streamOf(TextWebSocketFrame frame) {
        return frame.text().replaceAll(".*\"stream\":\"([^\"]+)\".*", "$1");
    }

    /**
     * The buffer a view ultimately reads. Netty's leak detector wraps a sample of allocations in one more layer, so a
     * single {@code unwrap()} may stop at a duplicate.
     */
    private static ByteBuf root(ByteBuf view) {
        ByteBuf b = view;
        while (b.unwrap() != null) {
            b = b.unwrap();
        }
        return b;
    }
}
