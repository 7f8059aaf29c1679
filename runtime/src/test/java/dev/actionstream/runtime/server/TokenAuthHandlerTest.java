package dev.actionstream.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.Test;

class TokenAuthHandlerTest {

    private final Counter failures = new SimpleMeterRegistry().counter("auth");
    private final EmbeddedChannel ch = new EmbeddedChannel(new TokenAuthHandler("s3cret", failures));

    private static FullHttpRequest get(String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    @Test
    void passesRequestsWithTheBearerHeader() {
        FullHttpRequest req = get("/api/status");
        req.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer s3cret");
        ch.writeInbound(req);
        assertSame(req, ch.readInbound());
        assertEquals(0.0, failures.count());
    }

    @Test
    void passesRequestsWithTheQueryToken() {
        FullHttpRequest req = get("/ws?stream=cam1&token=s3cret");
        ch.writeInbound(req);
        assertSame(req, ch.readInbound());
    }

    @Test
    void refusesAMissingTokenWith401Json() {
        ch.writeInbound(get("/api/status"));
        assertNull(ch.readInbound());
        FullHttpResponse res = ch.readOutbound();
        assertEquals(401, res.status().code());
        assertEquals("application/json", res.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertTrue(res.content().toString(CharsetUtil.UTF_8).contains("\"error\""));
        assertEquals("Bearer", res.headers().get(HttpHeaderNames.WWW_AUTHENTICATE));
        res.release();
        assertFalse(ch.isOpen(), "refused connections are closed");
        assertEquals(1.0, failures.count());
    }

    @Test
    void refusesAWrongOrPrefixToken() {
        FullHttpRequest wrong = get("/metrics");
        wrong.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer s3cre");
        ch.writeInbound(wrong);
        FullHttpResponse res = ch.readOutbound();
        assertEquals(401, res.status().code());
        res.release();

        EmbeddedChannel other = new EmbeddedChannel(new TokenAuthHandler("s3cret", failures));
        other.writeInbound(get("/api/models?token=s3cret2"));
        FullHttpResponse res2 = other.readOutbound();
        assertEquals(401, res2.status().code());
        res2.release();
        assertEquals(2.0, failures.count());
    }
}
