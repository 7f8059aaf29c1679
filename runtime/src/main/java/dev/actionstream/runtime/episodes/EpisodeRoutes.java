package dev.actionstream.runtime.episodes;

import dev.actionstream.runtime.server.HttpExchange;
import dev.actionstream.runtime.server.HttpResponses;
import dev.actionstream.runtime.server.Router;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code GET /api/episodes?stream=&label=&since=&until=&limit=&cursor=} (ended episodes, newest first, with the
 * cursor of the next page), {@code GET /api/episodes/{id}}, and the clip routes of {@link EpisodeClips}. The event
 * loop only checks the query; the history's thread answers. Without a data folder every route says how to get one
 * (404); with a history that cannot open, 503 with the reason.
 */
public final class EpisodeRoutes {

    static final String NO_HISTORY = "no episode history: start serve with --data-dir DIR or set episodes.dataDir";

    /** Null without a data folder. */
    private final EpisodeHistory history;
    /** Null without clips. */
    private final EpisodeClips clips;
    private final EpisodeClipRoutes clipRoutes;

    /** @param clipRoutes null without clips */
    public EpisodeRoutes(EpisodeHistory history, EpisodeClips clips, EpisodeClipRoutes clipRoutes) {
        this.history = history;
        this.clips = clips;
        this.clipRoutes = clipRoutes;
    }

    public void register(Router router) {
        router.get("/api/episodes", this::list)
                .get("/api/episodes/{id}", this::one);
        if (clipRoutes != null) {
            clipRoutes.register(router);
        }
    }

    private void list(HttpExchange ex) {
        if (!available(ex)) {
            return;
        }
        EpisodeQuery q;
        try {
            q = parse(ex);
        } catch (IllegalArgumentException e) {
            ex.respond(HttpResponses.error(HttpResponseStatus.BAD_REQUEST, e.getMessage()));
            return;
        }
        answer(ex, history.query(q).thenApply(page -> {
            List<EpisodeView> views = new ArrayList<>(page.size());
            for (EpisodeDatabase.StoredEpisode s : page) {
                views.add(view(s.episode()));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("episodes", views);
            body.put("nextCursor", page.size() == q.limit() ? Long.toString(page.get(page.size() - 1).seq()) : null);
            return body;
        }));
    }

    private void one(HttpExchange ex) {
        if (!available(ex)) {
            return;
        }
        String id = ex.pathParam("id");
        answer(ex, history.get(id).thenApply(e -> {
            if (e == null) {
                throw new NotFound("no ended episode " + id);
            }
            return view(e);
        }));
    }

    private EpisodeView view(Episode e) {
        return EpisodeView.of(e, clips != null && clips.hasClip(e.id()), clips != null && clips.hasSnapshot(e.id()));
    }

    private boolean available(HttpExchange ex) {
        if (history == null) {
            ex.respond(HttpResponses.error(HttpResponseStatus.NOT_FOUND, NO_HISTORY));
            return false;
        }
        if (history.unavailable() != null) {
            ex.respond(HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, history.unavailable()));
            return false;
        }
        return true;
    }

    static EpisodeQuery parse(HttpExchange ex) {
        String limit = ex.queryParam("limit");
        String cursor = ex.queryParam("cursor");
        int n = limit == null ? EpisodeQuery.DEFAULT_LIMIT : parseInt("limit", limit);
        long before = cursor == null || cursor.isEmpty() ? 0 : parseLong("cursor", cursor);
        if (before < 0) {
            throw new IllegalArgumentException("cursor: use the nextCursor of the previous page");
        }
        return new EpisodeQuery(blankToNull(ex.queryParam("stream")), blankToNull(ex.queryParam("label")),
                time("since", ex.queryParam("since")), time("until", ex.queryParam("until")), n, before);
    }

    /** Epoch milliseconds or an ISO-8601 instant ({@code 2026-12-03T10:02:13Z}); absent = 0. */
    static long time(String name, String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        if (value.chars().allMatch(Character::isDigit)) {
            return parseLong(name, value);
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": epoch milliseconds or an ISO-8601 instant such as "
                    + "2026-12-03T10:02:13Z, got '" + value + "'");
        }
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": a whole number, got '" + value + "'");
        }
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": a whole number, got '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Answers with {@code work}'s value as JSON, or its failure as the matching status. */
    static <T> void answer(HttpExchange ex, CompletableFuture<T> work) {
        work.whenComplete((value, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause == null) {
                ex.respond(HttpResponses.json(HttpResponseStatus.OK, value));
            } else {
                ex.respond(failure(cause));
            }
        });
    }

    static io.netty.handler.codec.http.FullHttpResponse failure(Throwable cause) {
        if (cause instanceof NotFound) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, cause.getMessage());
        }
        if (cause instanceof HistoryUnavailableException || cause instanceof RejectedExecutionException) {
            return HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, cause.getMessage());
        }
        if (cause instanceof Refused r) {
            return HttpResponses.error(HttpResponseStatus.valueOf(r.status), r.getMessage());
        }
        return HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(cause));
    }

    /** No such episode, clip or snapshot (404). */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** A request refused with a status and a reason. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }
}
