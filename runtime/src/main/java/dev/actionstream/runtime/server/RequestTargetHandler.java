package dev.actionstream.runtime.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Turns an absolute-form request target ({@code GET http://host:8080/api/status HTTP/1.1}, which servers must accept,
 * RFC 9112 §3.2.2) into the origin form {@code /api/status}, so every later handler (token query, upload path,
 * WebSocket path, routes) sees a path. The target's authority replaces the Host header, as the RFC says it must.
 */
@ChannelHandler.Sharable
final class RequestTargetHandler extends ChannelInboundHandlerAdapter {

    static final RequestTargetHandler INSTANCE = new RequestTargetHandler();

    private RequestTargetHandler() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest req && !req.uri().startsWith("/")) {
            rewrite(req);
        }
        ctx.fireChannelRead(msg);
    }

    static void rewrite(HttpRequest req) {
        URI uri;
        try {
            uri = new URI(req.uri());
        } catch (URISyntaxException e) {
            return; // Left as it is: routing answers 404 for a target it cannot place.
        }
        if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
            return;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        req.setUri(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
        req.headers().set(HttpHeaderNames.HOST, uri.getRawAuthority());
    }
}
