package dev.actionstream.runtime.events;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a completed WebSocket handshake into a {@link Subscriber} ({@code /ws?stream=a&stream=b} filters by stream,
 * {@code states=true} adds stream state changes) and
 * watches it: a subscriber that stays unwritable (not reading) for {@code stuckMillis} is disconnected with 1008.
 * Text and binary frames from clients are ignored; ping, pong and close are the protocol handler's job.
 * One instance per channel.
 */
public final class SubscriberHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberHandler.class);

    static final WebSocketCloseStatus TOO_SLOW = new WebSocketCloseStatus(
            WebSocketCloseStatus.POLICY_VIOLATION.code(), "subscriber not reading; disconnected");

    private final SubscriberRegistry subscribers;
    private final long stuckMillis;
    private final Counter stuckDisconnects;

    private Subscriber subscriber;
    private ScheduledFuture<?> stuckCheck;

    public SubscriberHandler(SubscriberRegistry subscribers, long stuckMillis, Counter stuckDisconnects) {
        this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
        this.stuckMillis = stuckMillis;
        this.stuckDisconnects = Objects.requireNonNull(stuckDisconnects, "stuckDisconnects");
    }

    /** The streams named by {@code stream} query parameters; empty means all streams. */
    public static Set<String> streamFilter(String requestUri) {
        List<String> named = new QueryStringDecoder(requestUri).parameters().getOrDefault("stream", List.of());
        Set<String> streams = new HashSet<>();
        for (String s : named) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    streams.add(part.trim());
                }
            }
        }
        return streams;
    }

    /** Whether the subscriber asked for stream state changes too ({@code states=true}). */
    public static boolean statesWanted(String requestUri) {
        List<String> values = new QueryStringDecoder(requestUri).parameters().getOrDefault("states", List.of());
        return values.stream().anyMatch(v -> v.equalsIgnoreCase("true") || v.equals("1"));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete handshake) {
            // HTTP idle timeouts do not apply to subscribers, which legitimately never send anything.
            if (ctx.pipeline().get(IdleStateHandler.class) != null) {
                ctx.pipeline().remove(IdleStateHandler.class);
            }
            subscriber = new Subscriber(ctx.channel(), streamFilter(handshake.requestUri()),
                    statesWanted(handshake.requestUri()));
            subscribers.add(subscriber);
            LOG.debug("subscriber {} joined, streams {}", ctx.channel().remoteAddress(), subscriber.streams());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof WebSocketFrame) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (subscriber != null) {
            if (!ctx.channel().isWritable()) {
                if (stuckCheck == null) {
                    stuckCheck = ctx.executor().schedule(() -> disconnectIfStuck(ctx), stuckMillis, TimeUnit.MILLISECONDS);
                }
            } else if (stuckCheck != null) {
                stuckCheck.cancel(false);
                stuckCheck = null;
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    private void disconnectIfStuck(ChannelHandlerContext ctx) {
        stuckCheck = null;
        if (ctx.channel().isActive() && !ctx.channel().isWritable()) {
            stuckDisconnects.increment();
            LOG.info("disconnecting subscriber {}: not reading for {} ms", ctx.channel().remoteAddress(), stuckMillis);
            subscribers.remove(subscriber);
            // The close frame queues behind data the client is not reading, so it may never arrive: close regardless.
            ctx.writeAndFlush(new CloseWebSocketFrame(TOO_SLOW));
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (stuckCheck != null) {
            stuckCheck.cancel(false);
            stuckCheck = null;
        }
        if (subscriber != null) {
            subscribers.remove(subscriber);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (subscriber != null) {
            LOG.debug("subscriber {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }
}
