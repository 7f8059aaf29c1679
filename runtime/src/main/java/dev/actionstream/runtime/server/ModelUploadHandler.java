package dev.actionstream.runtime.server;

import dev.actionstream.runtime.models.ModelControl;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.models.ModelInfo;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/models}: streams the uploaded model to a temporary file (never aggregated in memory), enforces
 * {@code server.uploadsEnabled} (403) and {@code server.maxUploadBytes} (413, before or while reading), sanitises the
 * name (400) and hands the file to {@link ModelControl#install} on the model-api thread: 201 with the model, or 422 with
 * the reason it was rejected. Other requests pass through untouched. One instance per channel.
 */
final class ModelUploadHandler extends ChannelInboundHandlerAdapter {

    static final String PATH = "/api/models";

    private static final Logger LOG = LoggerFactory.getLogger(ModelUploadHandler.class);
    private static final Pattern DISPOSITION_FILENAME =
            Pattern.compile("filename\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);

    private final boolean enabled;
    private final long maxBytes;
    private final ModelControl models;
    private final Executor modelExecutor;

    private UploadBody body;
    private long received;
    private boolean keepAlive;
    private boolean refused;

    ModelUploadHandler(boolean enabled, long maxBytes, ModelControl models, Executor modelExecutor) {
        this.enabled = enabled;
        this.maxBytes = maxBytes;
        this.models = Objects.requireNonNull(models, "models");
        this.modelExecutor = Objects.requireNonNull(modelExecutor, "modelExecutor");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req) {
            if (!isUpload(req)) {
                ctx.fireChannelRead(msg);
                return;
            }
            begin(ctx, req);
        }
        if (msg instanceof HttpContent chunk && (body != null || refused)) {
            try {
                if (!refused) {
                    append(ctx, chunk);
                }
            } finally {
                chunk.release();
            }
            return;
        }
        if (msg instanceof HttpRequest) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private static boolean isUpload(HttpRequest req) {
        return HttpMethod.POST.equals(req.method()) && PATH.equals(new QueryStringDecoder(req.uri()).path());
    }

    private void begin(ChannelHandlerContext ctx, HttpRequest req) {
        keepAlive = HttpUtil.isKeepAlive(req);
        received = 0;
        if (!enabled) {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "model uploads are disabled (server.uploadsEnabled: false)");
            return;
        }
        long declared = HttpUtil.getContentLength(req, -1L);
        if (declared > maxBytes) {
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge());
            return;
        }
        String queryName = firstParam(req, "name");
        try {
            if (UploadBody.isMultipart(req)) {
                body = new UploadBody.Multipart(req, maxBytes, queryName);
            } else if (isRawBody(req)) {
                String name = queryName != null ? queryName : dispositionFilename(req);
                ModelFileName.sanitise(name);
                body = new UploadBody.Raw(name);
            } else {
                refuse(ctx, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "upload the model as the raw body "
                        + "('Content-Type: application/octet-stream') or multipart/form-data, not "
                        + req.headers().get(HttpHeaderNames.CONTENT_TYPE));
                return;
            }
        } catch (IllegalArgumentException | UploadBody.BadUploadException e) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        } catch (IOException e) {
            LOG.error("cannot create upload file", e);
            refuse(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot store the upload: " + e.getMessage());
            return;
        }
        if (HttpUtil.is100ContinueExpected(req)) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                    Unpooled.EMPTY_BUFFER));
        }
    }

    private void append(ChannelHandlerContext ctx, HttpContent chunk) {
        received += chunk.content().readableBytes();
        if (received > maxBytes) {
            refuse(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, tooLarge());
            return;
        }
        UploadBody.Completed completed;
        try {
            body.append(chunk);
            if (!(chunk instanceof LastHttpContent)) {
                return;
            }
            completed = body.finish();
        } catch (UploadBody.BadUploadException e) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        } catch (IOException e) {
            LOG.error("cannot store upload", e);
            refuse(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot store the upload: " + e.getMessage());
            return;
        }
        String name;
        try {
            name = ModelFileName.sanitise(completed.clientName());
        } catch (IllegalArgumentException e) {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        Path named;
        try {
            named = underClientName(completed.file(), name);
        } catch (IOException e) {
            LOG.error("cannot store upload", e);
            refuse(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot store the upload: " + e.getMessage());
            return;
        }
        install(ctx.channel(), name, new UploadBody.Completed(completed.clientName(), named), body);
        body = null;
    }

    /**
     * Moves the spooled upload into a private temporary directory under the name the client gave it, so every
     * message about it (a rejection's reason, the recent errors in /api/status) names the user's file, not ours.
     */
    private static Path underClientName(Path spooled, String name) throws IOException {
        Path dir = Files.createTempDirectory("actionstream-upload-");
        return Files.move(spooled, dir.resolve(name));
    }

    private static void deleteNamed(Path named) {
        try {
            Files.deleteIfExists(named);
            Files.deleteIfExists(named.getParent());
        } catch (IOException ignored) {
            // Best effort, as for the spooled file: the OS cleans its temp dir.
        }
    }

    private void install(Channel ch, String name, UploadBody.Completed completed, UploadBody owned) {
        boolean reuse = keepAlive;
        // One request at a time: hold further reads until the install has been answered.
        ch.config().setAutoRead(false);
        try {
            modelExecutor.execute(() -> {
                FullHttpResponse res;
                try {
                    ModelInfo info = models.install(name, completed.file());
                    res = HttpResponses.json(HttpResponseStatus.CREATED, info);
                    res.headers().set(HttpHeaderNames.LOCATION, PATH);
                    LOG.info("installed uploaded model {} from {}", name, ch.remoteAddress());
                } catch (ModelRejectedException e) {
                    LOG.info("rejected uploaded model {}: {}", name, e.getMessage());
                    res = HttpResponses.error(HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.error("installing uploaded model {} failed", name, e);
                    res = HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "model install failed: " + e);
                } finally {
                    owned.discard();
                    deleteNamed(completed.file());
                }
                HttpResponses.send(ch, reuse, res);
                ch.config().setAutoRead(true);
            });
        } catch (RejectedExecutionException e) {
            owned.discard();
            deleteNamed(completed.file());
            ch.config().setAutoRead(true);
            HttpResponses.send(ch, reuse, HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "model operations busy; retry later"));
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        refused = true;
        if (body != null) {
            body.discard();
            body = null;
        }
        HttpResponses.sendAndClose(ctx.channel(), HttpResponses.error(status, message));
    }

    private String tooLarge() {
        return "upload larger than server.maxUploadBytes (" + maxBytes + " bytes)";
    }

    /**
     * The body is the file: octet-stream, no type, or {@code application/x-www-form-urlencoded}, which is what
     * {@code curl --data-binary @m.onnx} sends unless told otherwise (a model is never a form, so nothing is lost).
     */
    private static boolean isRawBody(HttpRequest req) {
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return true;
        }
        String t = type.toLowerCase(Locale.ROOT);
        return t.startsWith(HttpHeaderValues.APPLICATION_OCTET_STREAM.toString())
                || t.startsWith(HttpHeaderValues.APPLICATION_X_WWW_FORM_URLENCODED.toString());
    }

    private static String firstParam(HttpRequest req, String name) {
        List<String> values = new QueryStringDecoder(req.uri()).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static String dispositionFilename(HttpRequest req) {
        String disposition = req.headers().get(HttpHeaderNames.CONTENT_DISPOSITION);
        if (disposition == null) {
            return null;
        }
        Matcher m = DISPOSITION_FILENAME.matcher(disposition);
        return m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (body != null) {
            body.discard();
            body = null;
        }
        super.channelInactive(ctx);
    }
}
