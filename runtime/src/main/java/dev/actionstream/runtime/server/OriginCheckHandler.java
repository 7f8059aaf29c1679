package dev.actionstream.runtime.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Refuses WebSocket handshakes whose Origin the {@link OriginPolicy} does not allow (cross-site WebSocket hijacking). */
@ChannelHandler.Sharable
final class OriginCheckHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final OriginPolicy policy;
    private final Counter refused;

    OriginCheckHandler(OriginPolicy policy, Counter refused) {
        super(false);
        this.policy = policy;
        this.refused = refused;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean upgrade = req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (upgrade && !policy.allows(origin, req.headers().get(HttpHeaderNames.HOST))) {
            req.release();
            refused.increment();
            HttpResponses.sendAndClose(ctx.channel(), HttpResponses.error(HttpResponseStatus.FORBIDDEN,
                    "WebSocket origin not allowed: " + origin + " (see server.allowedOrigins)"));
            return;
        }
        ctx.fireChannelRead(req);
    }
}
