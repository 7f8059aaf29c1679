package dev.actionstream.runtime.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Requires the configured token on every request, as {@code Authorization: Bearer T} or {@code ?token=T} (browsers
 * cannot set headers on a WebSocket). Checked on the request head, before any body is read. One instance per channel.
 */
final class TokenAuthHandler extends ChannelInboundHandlerAdapter {

    private static final String BEARER = "Bearer ";

    private final byte[] token;
    private final Counter failures;
    private boolean refused;

    TokenAuthHandler(String token, Counter failures) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.failures = failures;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req && !authorised(req)) {
            refused = true;
            ReferenceCountUtil.release(msg);
            failures.increment();
            var res = HttpResponses.error(HttpResponseStatus.UNAUTHORIZED,
                    "missing or wrong token: send 'Authorization: Bearer <token>' or '?token=<token>'");
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            HttpResponses.sendAndClose(ctx.channel(), res);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    boolean authorised(HttpRequest req) {
        String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && matches(header.substring(BEARER.length()).trim())) {
            return true;
        }
        List<String> query = new QueryStringDecoder(req.uri()).parameters().get("token");
        return query != null && !query.isEmpty() && matches(query.get(0));
    }

    private boolean matches(String candidate) {
        // Constant-time, so response timing does not reveal how much of a guess was right.
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
