package dev.actionstream.runtime.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps concurrent connections. A connection over the cap is answered 503 at its first request and closed (answering
 * before the request could reach the client as a reset instead); one that sends nothing is closed after a grace period.
 * One instance per channel; the counter is shared.
 */
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    static final long REFUSED_GRACE_MILLIS = 5_000;

    private final AtomicInteger open;
    private final int max;
    private final Counter refused;
    private boolean counted;
    private boolean refusing;

    ConnectionLimitHandler(AtomicInteger open, int max, Counter refused) {
        this.open = open;
        this.max = max;
        this.refused = refused;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refusing = true;
            refused.increment();
            ctx.executor().schedule(() -> ctx.close(), REFUSED_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            counted = true;
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!refusing) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean request = msg instanceof HttpRequest;
        ReferenceCountUtil.release(msg);
        if (request && ctx.channel().isActive()) {
            var res = HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "too many connections (server.maxConnections " + max + "); retry later");
            res.headers().set("Retry-After", "1");
            HttpResponses.sendAndClose(ctx.channel(), res);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (counted) {
            counted = false;
            open.decrementAndGet();
        }
        super.channelInactive(ctx);
    }
}
