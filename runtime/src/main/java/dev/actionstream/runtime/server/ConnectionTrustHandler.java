package dev.actionstream.runtime.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Marks a connection proven, so {@link ConnectionAdmission} will not evict it: with a token configured, as soon as a
 * request head carrying it gets here (the token handler sits before); without one, once a whole request has arrived
 * (anyone can do that, but not by sending slowly). Sits after the token check, before anything that answers.
 */
@ChannelHandler.Sharable
final class ConnectionTrustHandler extends ChannelInboundHandlerAdapter {

    private final boolean tokenRequired;

    ConnectionTrustHandler(boolean tokenRequired) {
        this.tokenRequired = tokenRequired;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if ((tokenRequired && msg instanceof HttpRequest) || msg instanceof LastHttpContent) {
            ConnectionAdmission.Ticket ticket = ctx.channel().attr(ConnectionAdmission.TICKET).get();
            if (ticket != null) {
                ticket.prove();
            }
        }
        ctx.fireChannelRead(msg);
    }
}
