package dev.actionstream.runtime.server.websocket;

import dev.actionstream.runtime.events.EventJson;
import dev.actionstream.runtime.events.StreamStateEvent;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a completed WebSocket handshake into a {@link Subscriber} ({@code /ws?stream=a&stream=b} filters by stream,
 * {@code states=true} adds stream state changes, starting with each stream's current state, {@code episodes=true}
 * episode events) and watches it.
 * <p>
 * A subscriber is <em>stuck</em> when, at every check for {@code stuckMillis}, it had bytes the kernel would not take
 * (its socket's send buffer is full because the client is not reading) or its channel was unwritable; it is then
 * disconnected with 1008. The check runs on a timer, so it fires at any event rate, not only when a write fills the
 * channel's buffer; and the subscriber's kernel send buffer is kept small ({@link #SEND_BUFFER_BYTES}) so a client that
 * stops reading shows up after tens of kilobytes rather than after megabytes of kernel-buffered events.
 * Text and binary frames from clients are ignored; ping, pong and close are the protocol handler's job.
 * One instance per channel.
 */
public final class SubscriberHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberHandler.class);

    static final WebSocketCloseStatus TOO_SLOW = new WebSocketCloseStatus(
            WebSocketCloseStatus.POLICY_VIOLATION.code(), "subscriber not reading; disconnected");
    /** SO_SNDBUF of a subscriber: label events are small, and 64 KiB still carries 640 KB/s over a 100 ms path. */
    public static final int SEND_BUFFER_BYTES = 64 << 10;
    /** How often a subscriber is checked, at most; at least four checks fit in {@code stuckMillis}. */
    static final long MAX_CHECK_INTERVAL_MILLIS = 1_000;
    static final long MIN_CHECK_INTERVAL_MILLIS = 10;

    private final SubscriberRegistry subscribers;
    private final long stuckMillis;
    private final Counter stuckDisconnects;
    private final Supplier<List<StreamStateEvent>> currentStates;
    private final long checkIntervalMillis;
    private final int checksToStuck;

    private Subscriber subscriber;
    private ScheduledFuture<?> stuckCheck;
    private int backedUpChecks;

    public SubscriberHandler(SubscriberRegistry subscribers, long stuckMillis, Counter stuckDisconnects) {
        this(subscribers, stuckMillis, stuckDisconnects, List::of);
    }

    /** @param currentStates every stream's state now, sent to a {@code states=true} subscriber when it joins */
    public SubscriberHandler(SubscriberRegistry subscribers, long stuckMillis, Counter stuckDisconnects,
                             Supplier<List<StreamStateEvent>> currentStates) {
        this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
        this.stuckMillis = stuckMillis;
        this.stuckDisconnects = Objects.requireNonNull(stuckDisconnects, "stuckDisconnects");
        this.currentStates = Objects.requireNonNull(currentStates, "currentStates");
        this.checkIntervalMillis = Math.max(MIN_CHECK_INTERVAL_MILLIS,
                Math.min(MAX_CHECK_INTERVAL_MILLIS, stuckMillis / 4));
        // One check more than fits: the first check that sees it may come up to an interval after it started.
        this.checksToStuck = (int) ((stuckMillis + checkIntervalMillis - 1) / checkIntervalMillis) + 1;
    }

    /** How often this handler checks its subscriber. */
    long checkIntervalMillis() {
        return checkIntervalMillis;
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
        return flag(requestUri, "states");
    }

    /** Whether the subscriber asked for episode events too ({@code episodes=true}). */
    public static boolean episodesWanted(String requestUri) {
        return flag(requestUri, "episodes");
    }

    /** Whether the subscriber asked for training job events too ({@code jobs=true}). */
    public static boolean jobsWanted(String requestUri) {
        return flag(requestUri, "jobs");
    }

    private static boolean flag(String requestUri, String name) {
        List<String> values = new QueryStringDecoder(requestUri).parameters().getOrDefault(name, List.of());
        return values.stream().anyMatch(v -> v.equalsIgnoreCase("true") || v.equals("1"));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof HandshakeComplete handshake) {
            // HTTP idle timeouts do not apply to subscribers, which legitimately never send anything.
            if (ctx.pipeline().get(IdleStateHandler.class) != null) {
                ctx.pipeline().remove(IdleStateHandler.class);
            }
            ctx.channel().config().setOption(ChannelOption.SO_SNDBUF, SEND_BUFFER_BYTES);
            subscriber = new Subscriber(ctx.channel(), streamFilter(handshake.requestUri()),
                    statesWanted(handshake.requestUri()), episodesWanted(handshake.requestUri()),
                    jobsWanted(handshake.requestUri()));
            // Registered before the states are read: a change published meanwhile is sent after them, never lost.
            subscribers.add(subscriber);
            if (subscriber.wantsStates()) {
                sendCurrentStates(ctx);
            }
            stuckCheck = ctx.executor().scheduleAtFixedRate(() -> checkStuck(ctx), checkIntervalMillis,
                    checkIntervalMillis, TimeUnit.MILLISECONDS);
            LOG.debug("subscriber {} joined, streams {}", ctx.channel().remoteAddress(), subscriber.streams());
        }
        super.userEventTriggered(ctx, evt);
    }

    private void sendCurrentStates(ChannelHandlerContext ctx) {
        List<StreamStateEvent> states;
        try {
            states = currentStates.get();
        } catch (RuntimeException e) {
            LOG.error("current stream states not available for a new subscriber", e);
            return;
        }
        for (StreamStateEvent state : states) {
            if (subscriber.wants(state.stream())) {
                try {
                    ctx.write(new TextWebSocketFrame(EventJson.state(state)));
                } catch (RuntimeException e) {
                    LOG.error("stream state not sent", e);
                }
            }
        }
        ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof WebSocketFrame) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void checkStuck(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        ChannelOutboundBuffer out = ch.unsafe().outboundBuffer();
        boolean backedUp = !ch.isWritable() || (out != null && out.totalPendingWriteBytes() > 0);
        backedUpChecks = backedUp ? backedUpChecks + 1 : 0;
        if (backedUpChecks < checksToStuck || !ch.isActive()) {
            return;
        }
        cancelCheck();
        stuckDisconnects.increment();
        LOG.info("disconnecting subscriber {}: not reading for {} ms", ch.remoteAddress(), stuckMillis);
        subscribers.remove(subscriber);
        // The close frame queues behind data the client is not reading, so it may never arrive: close regardless.
        ctx.writeAndFlush(new CloseWebSocketFrame(TOO_SLOW));
        ctx.close();
    }

    private void cancelCheck() {
        if (stuckCheck != null) {
            stuckCheck.cancel(false);
            stuckCheck = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelCheck();
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
