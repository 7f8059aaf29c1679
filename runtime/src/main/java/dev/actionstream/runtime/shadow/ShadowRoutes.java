package dev.actionstream.runtime.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.actionstream.config.Json;
import dev.actionstream.runtime.jobs.Candidate;
import dev.actionstream.runtime.jobs.CandidateStore;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.server.HttpExchange;
import dev.actionstream.runtime.server.HttpResponses;
import dev.actionstream.runtime.server.Router;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /api/shadow {"candidate":"taught-3.onnx","streams":["cam"]}} (streams default: all) starts shadowing a
 * candidate, {@code GET /api/shadow} reports, {@code DELETE /api/shadow} stops and returns the last report. Loading
 * the candidate runs on the given executor.
 */
public final class ShadowRoutes {

    private final ShadowScorer scorer;
    private final CandidateStore candidates;
    private final ModelRegistry registry;
    private final Path jobsDir;
    private final List<String> streams;
    private final Executor executor;

    public ShadowRoutes(ShadowScorer scorer, CandidateStore candidates, ModelRegistry registry, Path jobsDir,
                        List<String> streams, Executor executor) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.jobsDir = Objects.requireNonNull(jobsDir, "jobsDir");
        this.streams = List.copyOf(streams);
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    public void register(Router router) {
        router.post("/api/shadow", this::start)
                .get("/api/shadow", ex -> {
                    Map<String, Object> r = scorer.report();
                    ex.respond(HttpResponses.json(HttpResponseStatus.OK, r == null ? Map.of("running", false) : r));
                })
                .add(HttpMethod.DELETE, "/api/shadow", ex -> {
                    Map<String, Object> last = scorer.stop();
                    ex.respond(HttpResponses.json(HttpResponseStatus.OK, last == null ? Map.of("running", false)
                            : last));
                });
    }

    private void start(HttpExchange ex) {
        byte[] body = ex.body();
        try {
            executor.execute(() -> ex.respond(startNow(body)));
        } catch (RejectedExecutionException e) {
            ex.respond(HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy; retry later"));
        }
    }

    private io.netty.handler.codec.http.FullHttpResponse startNow(byte[] body) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            n = null;
        }
        if (n == null || !n.hasNonNull("candidate")) {
            return HttpResponses.error(HttpResponseStatus.BAD_REQUEST,
                    "the body must be {\"candidate\":\"<key>\",\"streams\":[...]} (streams optional)");
        }
        String key = n.get("candidate").asText();
        Candidate c = candidates.get(key).orElse(null);
        if (c == null) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no candidate '" + key + "'");
        }
        List<String> chosen = new ArrayList<>();
        if (n.has("streams") && n.get("streams").isArray() && !n.get("streams").isEmpty()) {
            for (JsonNode s : n.get("streams")) {
                if (!streams.contains(s.asText())) {
                    return HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no stream '" + s.asText()
                            + "'; streams: " + streams);
                }
                chosen.add(s.asText());
            }
        } else {
            chosen.addAll(streams);
        }
        LoadedModel model;
        try {
            model = registry.loadStandby(jobsDir.resolve(c.jobId()).resolve("candidate").resolve(key));
        } catch (ModelRejectedException e) {
            return HttpResponses.error(HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        }
        scorer.start(model, key, chosen);
        return HttpResponses.json(HttpResponseStatus.OK, scorer.report());
    }
}
