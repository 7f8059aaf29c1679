package dev.actionstream.runtime.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * Asks the {@link ConnectionAdmission} whether a new connection may stay. A refused connection is answered 503 at its
 * first request and closed (answering before the request could reach the client as a reset instead); one that sends
 * nothing is closed after a grace period. An admitted one carries its ticket in {@link ConnectionAdmission#TICKET},
 * released when it closes. One instance per channel; the admission is shared.
 */
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {

    static final long REFUSED_GRACE_MILLIS = 5_000;

    private final ConnectionAdmission admission;
    private final Counter refused;
    private ConnectionAdmission.Ticket ticket;
    private boolean refusing;

    ConnectionLimitHandler(ConnectionAdmission admission, Counter refused) {
        this.admission = admission;
        this.refused = refused;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ticket = admission.admit(ctx.channel());
        if (ticket == null) {
            refusing = true;
            refused.increment();
            ctx.executor().schedule(() -> ctx.close(), REFUSED_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            ctx.channel().attr(ConnectionAdmission.TICKET).set(ticket);
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
                    "too many connections (server.maxConnections / maxConnectionsPerAddress); retry later");
            res.headers().set("Retry-After", "1");
            HttpResponses.sendAndClose(ctx.channel(), res);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ticket != null) {
            ticket.release();
        }
        super.channelInactive(ctx);
    }
}
