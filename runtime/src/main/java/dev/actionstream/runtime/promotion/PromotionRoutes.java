package dev.actionstream.runtime.promotion;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.server.HttpExchange;
import dev.actionstream.runtime.server.HttpResponses;
import dev.actionstream.runtime.server.Router;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * {@code POST /api/models/{key}/promote} and {@code POST /api/models/rollback} (body, optional:
 * {@code {"who":"...","why":"..."}}), {@code GET /api/models/history}. A swap loads a model, so it runs on the given
 * executor, which answers.
 */
public final class PromotionRoutes {

    private final Promotions promotions;
    private final Executor executor;
    private final Function<String, Map<String, Object>> figures;

    /** @param figures what else is known of a candidate when it is promoted (its shadow report), recorded with it */
    public PromotionRoutes(Promotions promotions, Executor executor, Function<String, Map<String, Object>> figures) {
        this.promotions = Objects.requireNonNull(promotions, "promotions");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.figures = Objects.requireNonNull(figures, "figures");
    }

    public void register(Router router) {
        router.post("/api/models/{key}/promote", this::promote)
                .post("/api/models/rollback", this::rollback)
                .get("/api/models/history", ex -> ex.respond(HttpResponses.json(HttpResponseStatus.OK,
                        promotions.history().entries())));
    }

    /** Who and why from the body; the caller's address when it says nothing. */
    private record Reason(String who, String why) {
        static Reason of(HttpExchange ex) throws PromotionRefusedException {
            String who = null;
            String why = null;
            if (ex.body().length > 0) {
                try {
                    JsonNode n = Json.MAPPER.readTree(ex.body());
                    who = n != null && n.hasNonNull("who") ? n.get("who").asText() : null;
                    why = n != null && n.hasNonNull("why") ? n.get("why").asText() : null;
                } catch (IOException e) {
                    throw new PromotionRefusedException(400,
                            "the body must be JSON like {\"who\":\"...\",\"why\":\"...\"}");
                }
            }
            if (who == null || who.isBlank()) {
                who = String.valueOf(ex.context().channel().remoteAddress());
            }
            return new Reason(who, why == null ? "" : why);
        }
    }

    private void promote(HttpExchange ex) {
        offload(ex, () -> {
            Reason r = Reason.of(ex);
            String key = ex.pathParam("key");
            return promotions.promote(key, r.who(), r.why(), figures.apply(key));
        });
    }

    private void rollback(HttpExchange ex) {
        offload(ex, () -> {
            Reason r = Reason.of(ex);
            return promotions.rollback("rollback", r.who(), r.why(), Map.of());
        });
    }

    private interface Work {
        HistoryEntry run() throws PromotionRefusedException;
    }

    private void offload(HttpExchange ex, Work work) {
        try {
            executor.execute(() -> {
                try {
                    ex.respond(HttpResponses.json(HttpResponseStatus.OK, work.run()));
                } catch (PromotionRefusedException e) {
                    ex.respond(HttpResponses.error(HttpResponseStatus.valueOf(e.status()), e.getMessage()));
                } catch (RuntimeException e) {
                    ex.respond(HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, String.valueOf(e)));
                }
            });
        } catch (RejectedExecutionException e) {
            ex.respond(HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy; retry later"));
        }
    }
}
