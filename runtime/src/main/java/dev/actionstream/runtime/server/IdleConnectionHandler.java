package dev.actionstream.runtime.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * Closes an HTTP connection on which nothing was read or written for a while, so half-open or abandoned clients do not
 * hold a connection slot forever. Removed once a connection becomes a WebSocket subscriber (which may be silent).
 */
final class IdleConnectionHandler extends IdleStateHandler {

    IdleConnectionHandler(int idleSeconds) {
        super(0, 0, idleSeconds);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        ctx.close();
    }
}
