package dev.actionstream.runtime.capture;

import dev.actionstream.runtime.server.HttpExchange;
import dev.actionstream.runtime.server.HttpResponses;
import dev.actionstream.runtime.server.Router;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code POST /api/captures} (201 with the clip's sidecar), {@code GET /api/captures} (buffers and clips by dataset
 * and label) and {@code DELETE /api/captures/{dataset}/{label}/{file}}. The event loop only parses and checks; clips
 * are written, listed and deleted on the capture threads, which answer. With captures disabled every change is 403.
 */
public final class CaptureRoutes {

    static final String DISABLED = "captures are disabled: start serve with --captures or set capture.enabled: true";

    /** Null when captures are disabled. */
    private final ClipCapturer capturer;

    private CaptureRoutes(ClipCapturer capturer) {
        this.capturer = capturer;
    }

    public static CaptureRoutes enabled(ClipCapturer capturer) {
        return new CaptureRoutes(Objects.requireNonNull(capturer, "capturer"));
    }

    public static CaptureRoutes disabled() {
        return new CaptureRoutes(null);
    }

    public void register(Router router) {
        router.post("/api/captures", this::create)
                .get("/api/captures", this::list)
                .add(HttpMethod.DELETE, "/api/captures/{dataset}/{label}/{file}", this::delete);
    }

    private void create(HttpExchange ex) {
        if (capturer == null) {
            ex.respond(HttpResponses.error(HttpResponseStatus.FORBIDDEN, DISABLED));
            return;
        }
        try {
            answer(ex, capturer.capture(capturer.parse(ex.body())), HttpResponseStatus.CREATED);
        } catch (CaptureRefusedException e) {
            refuse(ex, e);
        }
    }

    private void list(HttpExchange ex) {
        if (capturer == null) {
            Map<String, Object> off = new LinkedHashMap<>();
            off.put("enabled", false);
            off.put("reason", DISABLED);
            ex.respond(HttpResponses.json(HttpResponseStatus.OK, off));
            return;
        }
        try {
            answer(ex, capturer.list().thenApply(datasets -> {
                CaptureStatus s = capturer.status();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("enabled", true);
                body.put("dir", s.dir());
                body.put("buffers", s.buffers());
                body.put("datasets", datasets);
                return body;
            }), HttpResponseStatus.OK);
        } catch (CaptureRefusedException e) {
            refuse(ex, e);
        }
    }

    private void delete(HttpExchange ex) {
        if (capturer == null) {
            ex.respond(HttpResponses.error(HttpResponseStatus.FORBIDDEN, DISABLED));
            return;
        }
        try {
            answer(ex, capturer.delete(ex.pathParam("dataset"), ex.pathParam("label"), ex.pathParam("file"))
                    .thenApply(removed -> Map.of("deleted", (Object) removed)), HttpResponseStatus.OK);
        } catch (CaptureRefusedException e) {
            refuse(ex, e);
        }
    }

    private static <T> void answer(HttpExchange ex, CompletableFuture<T> work, HttpResponseStatus ok) {
        work.whenComplete((value, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause == null) {
                ex.respond(HttpResponses.json(ok, value));
            } else if (cause instanceof CaptureRefusedException refused) {
                refuse(ex, refused);
            } else {
                ex.respond(HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(cause)));
            }
        });
    }

    private static void refuse(HttpExchange ex, CaptureRefusedException e) {
        ex.respond(HttpResponses.error(HttpResponseStatus.valueOf(e.status()), e.getMessage()));
    }
}
