package dev.actionstream.runtime.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The last HTTP handler: dispatches aggregated requests through the {@link Router}; unknown paths get 404 JSON. */
final class RouteHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(RouteHandler.class);

    private final Router router;

    RouteHandler(Router router) {
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            HttpResponses.sendAndClose(ctx.channel(),
                    HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        Router.Result result = router.route(req.method(), uri.path());
        if (result instanceof Router.Found found) {
            Map<String, String> params = new HashMap<>();
            found.params().forEach((k, v) -> params.put(k, QueryStringDecoder.decodeComponent(v)));
            try {
                found.route().handle(new HttpExchange(ctx, req, uri, params));
            } catch (Exception e) {
                LOG.error("{} {} failed", req.method(), uri.path(), e);
                HttpResponses.send(ctx.channel(), keepAlive,
                        HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e));
            }
        } else if (result instanceof Router.MethodNotAllowed notAllowed) {
            var res = HttpResponses.error(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    req.method() + " not allowed on " + uri.path());
            res.headers().set(HttpHeaderNames.ALLOW, String.join(", ", notAllowed.allowed()));
            HttpResponses.send(ctx.channel(), keepAlive, res);
        } else {
            HttpResponses.send(ctx.channel(), keepAlive,
                    HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no such resource: " + uri.path()));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and half-sent requests are the client's business; they are not worth more than a debug line.
        LOG.debug("connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
