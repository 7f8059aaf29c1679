package dev.actionstream.runtime.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.CharsetUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelUploadHandlerTest {

    private static final long LIMIT = 1024;

    private final InMemoryModels models = new InMemoryModels();

    private EmbeddedChannel channel(boolean enabled) {
        // Runnable::run: the install runs inline, so the response is there when writeInbound returns.
        return new EmbeddedChannel(new ModelUploadHandler(enabled, LIMIT, models, Runnable::run));
    }

    private static HttpRequest post(String uri, long contentLength) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
        if (contentLength >= 0) {
            req.headers().set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        }
        return req;
    }

    private static HttpContent chunk(byte[] bytes) {
        return new DefaultHttpContent(Unpooled.wrappedBuffer(bytes));
    }

    private static String body(FullHttpResponse res) {
        return res.content().toString(CharsetUtil.UTF_8);
    }

    @Test
    void streamsARawUploadToAFileAndInstallsIt() {
        EmbeddedChannel ch = channel(true);
        byte[] part1 = InMemoryModels.MAGIC;
        byte[] part2 = "-weights-".repeat(20).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(part1);
        all.writeBytes(part2);

        ch.writeInbound(post("/api/models?name=tiny.onnx", all.size()));
        ch.writeInbound(chunk(part1));
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(part2)));

        FullHttpResponse res = ch.readOutbound();
        assertEquals(201, res.status().code(), body(res));
        assertTrue(body(res).contains("\"name\":\"tiny.onnx\""));
        assertArrayEquals(all.toByteArray(), models.bytesOf("tiny.onnx"));
        assertNull(ch.readInbound(), "the upload is consumed here, not passed on");
        assertTrue(ch.isOpen(), "keep-alive connection stays open");
        res.release();
    }

    @Test
    void takesTheNameFromContentDisposition() {
        EmbeddedChannel ch = channel(true);
        HttpRequest req = post("/api/models", InMemoryModels.MAGIC.length);
        req.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"from-header.onnx\"");
        ch.writeInbound(req);
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(InMemoryModels.MAGIC)));
        FullHttpResponse res = ch.readOutbound();
        assertEquals(201, res.status().code(), body(res));
        assertEquals(java.util.List.of("from-header.onnx"), models.installNames());
        res.release();
    }

    @Test
    void refusesWith403WhenUploadsAreDisabled() {
        EmbeddedChannel ch = channel(false);
        ch.writeInbound(post("/api/models?name=x.onnx", 10));
        FullHttpResponse res = ch.readOutbound();
        assertEquals(403, res.status().code());
        assertTrue(body(res).contains("uploadsEnabled"));
        assertFalse(ch.isOpen());
        assertTrue(models.installNames().isEmpty());
        res.release();
    }

    @Test
    void refusesADeclaredOversizeBodyBeforeReadingIt() {
        EmbeddedChannel ch = channel(true);
        ch.writeInbound(post("/api/models?name=x.onnx", LIMIT + 1));
        FullHttpResponse res = ch.readOutbound();
        assertEquals(413, res.status().code());
        assertFalse(ch.isOpen());
        res.release();
    }

    @Test
    void stopsAChunkedUploadOnceItPassesTheLimit() {
        EmbeddedChannel ch = channel(true);
        HttpRequest req = post("/api/models?name=x.onnx", -1);
        req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
        ch.writeInbound(req);
        HttpContent first = chunk(new byte[(int) LIMIT]);
        ch.writeInbound(first);
        assertNull(ch.readOutbound(), "exactly at the limit is fine");
        HttpContent second = chunk(new byte[1]);
        ch.writeInbound(second);
        FullHttpResponse res = ch.readOutbound();
        assertEquals(413, res.status().code());
        assertEquals(0, first.refCnt());
        assertEquals(0, second.refCnt());
        assertTrue(models.installNames().isEmpty());
        res.release();
    }

    @Test
    void refusesUnsafeNamesBeforeTheBody() {
        EmbeddedChannel ch = channel(true);
        ch.writeInbound(post("/api/models?name=run.sh", 10));
        FullHttpResponse res = ch.readOutbound();
        assertEquals(400, res.status().code());
        assertTrue(body(res).contains("bad model file name"), body(res));
        res.release();
    }

    @Test
    void answers422WhenTheModelIsRejected() {
        EmbeddedChannel ch = channel(true);
        byte[] junk = "not a model at all".getBytes(StandardCharsets.US_ASCII);
        ch.writeInbound(post("/api/models?name=junk.onnx", junk.length));
        ch.writeInbound(new DefaultLastHttpContent(Unpooled.wrappedBuffer(junk)));
        FullHttpResponse res = ch.readOutbound();
        assertEquals(422, res.status().code());
        assertTrue(body(res).contains("not a loadable ONNX model"), body(res));
        res.release();
    }

    @Test
    void passesOtherRequestsThrough() {
        EmbeddedChannel ch = channel(true);
        HttpRequest get = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/api/models");
        ch.writeInbound(get, LastHttpContent.EMPTY_LAST_CONTENT);
        assertSame(get, ch.readInbound());
        assertSame(LastHttpContent.EMPTY_LAST_CONTENT, ch.readInbound());
        assertNull(ch.readOutbound());
    }
}
