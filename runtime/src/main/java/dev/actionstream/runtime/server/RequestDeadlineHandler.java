package dev.actionstream.runtime.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deadlines that keep a client from holding a connection by sending slowly (slowloris, slow bodies):
 * <ul>
 * <li>a request head must be complete within {@code headerMillis} of the connection opening, or of the previous
 * response ending on a kept-alive connection; otherwise the connection is closed (no answer: there is no request);</li>
 * <li>a request body may stall at most {@code bodyMillis} and must average {@code minBytesPerSecond}: each byte
 * received moves the deadline {@code 1/minBytesPerSecond} s later, but never more than {@code bodyMillis} ahead of
 * now, so a fast start buys no time for a trickle later; otherwise 408 and close.</li>
 * </ul>
 * No deadline runs while a response is produced or streamed (MJPEG), and this handler leaves after a 101: a WebSocket
 * subscriber has its own stuck check. One instance per channel; a single timer, re-armed only when it fires.
 */
final class RequestDeadlineHandler extends ChannelDuplexHandler {

    private enum Phase { HEAD, BODY, RESPONSE, DONE }

    private final long headerNanos;
    private final long bodyNanos;
    private final long nanosPerByte;
    private final Counter headTimeouts;
    private final Counter bodyTimeouts;

    private Phase phase = Phase.DONE;
    private long deadline;
    private ScheduledFuture<?> timer;

    RequestDeadlineHandler(long headerMillis, long bodyMillis, int minBytesPerSecond, Counter headTimeouts,
                           Counter bodyTimeouts) {
        this.headerNanos = TimeUnit.MILLISECONDS.toNanos(headerMillis);
        this.bodyNanos = TimeUnit.MILLISECONDS.toNanos(bodyMillis);
        this.nanosPerByte = TimeUnit.SECONDS.toNanos(1) / minBytesPerSecond;
        this.headTimeouts = headTimeouts;
        this.bodyTimeouts = bodyTimeouts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            expectHead(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (phase == Phase.DONE && timer == null) {
            expectHead(ctx);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            if (msg instanceof LastHttpContent) {
                phase = Phase.RESPONSE;
            } else {
                phase = Phase.BODY;
                deadline = System.nanoTime() + bodyNanos;
                arm(ctx);
            }
        } else if (msg instanceof HttpContent chunk && phase == Phase.BODY) {
            long now = System.nanoTime();
            long earned = deadline + chunk.content().readableBytes() * nanosPerByte;
            deadline = Math.min(now + bodyNanos, earned);
            if (msg instanceof LastHttpContent) {
                phase = Phase.RESPONSE;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse res && res.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            if (res.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
                // HTTP ends here; what follows is the WebSocket's business.
                stop();
                ctx.pipeline().remove(this);
            }
            // 100 Continue is not the response: the body is still to come.
        } else if (msg instanceof LastHttpContent && phase == Phase.RESPONSE) {
            expectHead(ctx);
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void expectHead(ChannelHandlerContext ctx) {
        phase = Phase.HEAD;
        deadline = System.nanoTime() + headerNanos;
        arm(ctx);
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer == null) {
            long delay = Math.max(0, deadline - System.nanoTime());
            timer = ctx.executor().schedule(() -> check(ctx), delay, TimeUnit.NANOSECONDS);
        }
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (phase != Phase.HEAD && phase != Phase.BODY) {
            return;
        }
        if (System.nanoTime() - deadline < 0) {
            arm(ctx);
            return;
        }
        if (phase == Phase.HEAD) {
            headTimeouts.increment();
            phase = Phase.DONE;
            ctx.close();
        } else {
            bodyTimeouts.increment();
            phase = Phase.DONE;
            HttpResponses.sendAndClose(ctx.channel(), HttpResponses.error(HttpResponseStatus.REQUEST_TIMEOUT,
                    "request body too slow: it may stall at most server.requestBodyTimeoutMillis and must average "
                            + "server.minRequestBodyBytesPerSecond"));
        }
    }

    private void stop() {
        phase = Phase.DONE;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
