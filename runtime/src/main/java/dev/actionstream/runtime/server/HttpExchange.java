package dev.actionstream.runtime.server;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * One routed request. It keeps the method, path, query, headers and a copy of the (small, aggregated) body, so a
 * route may answer later from another thread ({@link #respond} is thread-safe). Streaming routes (MJPEG) write to
 * {@link #context()} directly.
 */
public final class HttpExchange {

    private static final byte[] NO_BODY = new byte[0];

    private final ChannelHandlerContext ctx;
    private final HttpMethod method;
    private final String path;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final Map<String, String> pathParams;
    private final boolean keepAlive;
    private final byte[] body;

    HttpExchange(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder uri, Map<String, String> pathParams) {
        this.ctx = ctx;
        this.method = request.method();
        this.path = uri.path();
        this.query = uri.parameters();
        this.headers = request.headers().copy();
        this.pathParams = pathParams;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.body = request.content().isReadable() ? ByteBufUtil.getBytes(request.content()) : NO_BODY;
    }

    public HttpMethod method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** A path variable, e.g. {@code name} for the pattern {@code /api/models/{name}/activate}. */
    public String pathParam(String name) {
        return pathParams.get(name);
    }

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The request body (empty when there is none); at most the aggregator's limit. */
    public byte[] body() {
        return body;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public ChannelHandlerContext context() {
        return ctx;
    }

    public void respond(FullHttpResponse response) {
        HttpResponses.send(ctx.channel(), keepAlive, response);
    }
}
