package dev.actionstream.runtime.view;

import dev.actionstream.runtime.server.HttpExchange;
import dev.actionstream.runtime.server.HttpResponses;
import dev.actionstream.runtime.server.Router;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The live view's HTTP side: the page ({@code /}, {@code /view/app.css}, {@code /view/app.js}, read once from the
 * classpath) and the MJPEG video of each stream ({@code /streams/{name}/mjpeg}). Everything answers on the event
 * loop; MJPEG parts are written later by the {@code view-jpeg} thread.
 */
public final class ViewRoutes {

    private static final String RESOURCES = "/view/";

    private final LiveView view;
    private final byte[] page;
    private final byte[] css;
    private final byte[] js;

    public ViewRoutes(LiveView view) {
        this.view = Objects.requireNonNull(view, "view");
        this.page = resource("index.html");
        this.css = resource("app.css");
        this.js = resource("app.js");
    }

    public void register(Router router) {
        router.get("/", ex -> ex.respond(HttpResponses.bytes(HttpResponseStatus.OK, "text/html; charset=utf-8", page)))
                .get("/view/app.css", ex -> ex.respond(HttpResponses.bytes(HttpResponseStatus.OK,
                        "text/css; charset=utf-8", css)))
                .get("/view/app.js", ex -> ex.respond(HttpResponses.bytes(HttpResponseStatus.OK,
                        "text/javascript; charset=utf-8", js)))
                .get("/streams/{name}/mjpeg", this::mjpeg);
    }

    /**
     * Answers with an endless {@code multipart/x-mixed-replace} body (delimited by closing the connection, which
     * every MJPEG viewer expects) and registers the client; parts follow at the view's capped rate.
     */
    private void mjpeg(HttpExchange ex) {
        String name = ex.pathParam("name");
        StreamView stream = view.stream(name);
        if (stream == null) {
            ex.respond(HttpResponses.error(HttpResponseStatus.NOT_FOUND,
                    "no stream named '" + name + "'; streams: " + view.streamNames()));
            return;
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, MjpegViewers.CONTENT_TYPE)
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store, no-cache, must-revalidate")
                .set(HttpHeaderNames.PRAGMA, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        Channel ch = ex.context().channel();
        ch.write(head);
        // Before the viewer is added, so it precedes every part (parts are written through this event loop too).
        ch.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(MjpegViewers.FIRST_DELIMITER,
                StandardCharsets.US_ASCII)));
        view.addMjpegViewer(stream, ch);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ViewRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("live view resource missing from the jar: " + RESOURCES + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read live view resource " + RESOURCES + name, e);
        }
    }
}
