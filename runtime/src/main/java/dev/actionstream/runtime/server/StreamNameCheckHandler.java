package dev.actionstream.runtime.server;

import dev.actionstream.runtime.server.websocket.SubscriberHandler;
import dev.actionstream.runtime.status.RuntimeStatus;
import dev.actionstream.runtime.status.StreamStatus;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers a WebSocket handshake that names a stream the runtime does not have ({@code /ws?stream=nope}) with 404 and
 * the known streams, before the upgrade, instead of a subscriber that silently never hears anything. Streams are fixed
 * when the pipeline starts; while the runtime reports none (not started yet, or a server without a pipeline) there is
 * nothing to check against and the filter is accepted as it is.
 */
@ChannelHandler.Sharable
final class StreamNameCheckHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final RuntimeStatus.Source status;

    StreamNameCheckHandler(RuntimeStatus.Source status) {
        super(false);
        this.status = Objects.requireNonNull(status, "status");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean upgrade = req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
        Set<String> asked = upgrade ? SubscriberHandler.streamFilter(req.uri()) : Set.of();
        if (!asked.isEmpty()) {
            Set<String> known = new TreeSet<>();
            for (StreamStatus s : status.snapshot().streams()) {
                known.add(s.name());
            }
            Set<String> unknown = new TreeSet<>(asked);
            unknown.removeAll(known);
            if (!known.isEmpty() && !unknown.isEmpty()) {
                req.release();
                HttpResponses.sendAndClose(ctx.channel(), HttpResponses.json(HttpResponseStatus.NOT_FOUND, Map.of(
                        "error", "no stream named " + String.join(", ", unknown) + "; streams: " + String.join(", ", known),
                        "streams", List.copyOf(known))));
                return;
            }
        }
        ctx.fireChannelRead(req);
    }
}
