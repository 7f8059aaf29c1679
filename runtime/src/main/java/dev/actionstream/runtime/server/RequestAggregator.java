package dev.actionstream.runtime.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Netty's aggregator, answering oversized requests with the server's JSON error body instead of an empty 413. */
final class RequestAggregator extends HttpObjectAggregator {

    RequestAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (oversized instanceof HttpRequest) {
            HttpResponses.sendAndClose(ctx.channel(), HttpResponses.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body over " + maxContentLength() + " bytes (only POST /api/models takes large bodies)"));
        } else {
            super.handleOversizedMessage(ctx, oversized);
        }
    }
}
