package dev.actionstream.runtime.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * Ends the answer to a HEAD request at its head when the GET route streams (MJPEG): the route's head goes out, then the
 * connection closes and the stream's parts are dropped, instead of a connection held open with nothing to send.
 * (Whole responses need nothing here: the HTTP codec already sends a HEAD response's headers, Content-Length included,
 * without the body.) Routes treat HEAD as GET, see {@link Router}. Sits right after the HTTP codec; one per channel.
 */
final class HeadResponseHandler extends ChannelDuplexHandler {

    /** Pipelined requests are answered in order; more unanswered than this and the client is abusing it anyway. */
    static final int MAX_UNANSWERED = 16;

    private final ArrayDeque<Boolean> heads = new ArrayDeque<>();
    private boolean dropping;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest req) {
            if (heads.size() >= MAX_UNANSWERED) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            heads.add(HttpMethod.HEAD.equals(req.method()));
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (dropping && msg instanceof HttpContent) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalStateException("HEAD request: the body is not sent"));
            return;
        }
        if (msg instanceof HttpResponse res && res.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            ctx.pipeline().remove(this);
        } else if (msg instanceof HttpResponse res && res.status().codeClass() != HttpStatusClass.INFORMATIONAL) {
            boolean head = Boolean.TRUE.equals(heads.poll());
            if (head && !(msg instanceof FullHttpResponse)) {
                dropping = true;
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.write(msg, promise);
                ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ctx.write(msg, promise);
    }
}
