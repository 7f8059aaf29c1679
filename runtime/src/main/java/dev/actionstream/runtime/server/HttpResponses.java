package dev.actionstream.runtime.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.actionstream.config.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Building and sending the server's responses; every error body is {@code {"error": "..."}}. */
public final class HttpResponses {

    private HttpResponses() {
    }

    public static FullHttpResponse json(HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
            bytes = ("{\"error\":\"cannot serialise response\"}").getBytes(StandardCharsets.UTF_8);
        }
        return bytes(status, "application/json", bytes);
    }

    public static FullHttpResponse error(HttpResponseStatus status, String message) {
        return json(status, Map.of("error", message));
    }

    public static FullHttpResponse text(HttpResponseStatus status, String contentType, String body) {
        return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static FullHttpResponse bytes(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return res;
    }

    /** Sends {@code res}; keeps the connection for the next request or closes it after the write. Any thread. */
    public static void send(Channel ch, boolean keepAlive, FullHttpResponse res) {
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ch.writeAndFlush(res);
        } else {
            sendAndClose(ch, res);
        }
    }

    /**
     * For refusals in mid-request: the rest of the request is not wanted, so the connection cannot be reused. Closing
     * at once while the client is still sending would make the kernel answer with a reset, which can destroy the
     * response before the client reads it; so the output is shut down (the client sees the response, then EOF), further
     * input is discarded unparsed, and the connection is closed a little later.
     */
    public static void sendAndClose(Channel ch, FullHttpResponse res) {
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ch.writeAndFlush(res).addListener((ChannelFuture f) -> {
            if (f.isSuccess() && ch instanceof SocketChannel socket && socket.isActive()) {
                if (ch.pipeline().get(DISCARD) == null) {
                    ch.pipeline().addFirst(DISCARD, DiscardInbound.INSTANCE);
                }
                socket.shutdownOutput();
                ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ch.close();
            }
        });
    }

    /** How long a refused connection keeps draining input before it is closed. */
    static final long LINGER_MILLIS = 2_000;
    private static final String DISCARD = "discard-after-refusal";

    /** Drops whatever a refused client still sends, before any decoding. */
    @ChannelHandler.Sharable
    private static final class DiscardInbound extends ChannelInboundHandlerAdapter {
        static final DiscardInbound INSTANCE = new DiscardInbound();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
