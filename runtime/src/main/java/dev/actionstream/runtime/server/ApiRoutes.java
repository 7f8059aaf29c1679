package dev.actionstream.runtime.server;

import dev.actionstream.runtime.models.ModelControl;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.models.NoSuchModelException;
import dev.actionstream.runtime.models.ModelInfo;
import dev.actionstream.runtime.status.RuntimeStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API and metrics: {@code GET /api/status}, {@code GET /api/models}, {@code POST /api/models/{name}/activate}
 * and {@code GET /metrics}. ({@code POST /api/models} streams, so {@link ModelUploadHandler} answers it before
 * aggregation.) Snapshots are cheap and answered on the event loop; activation runs on the model-api thread.
 */
final class ApiRoutes {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

    private final RuntimeStatus.Source status;
    private final ModelControl models;
    private final Executor modelExecutor;
    private final PrometheusMeterRegistry registry;

    ApiRoutes(RuntimeStatus.Source status, ModelControl models, Executor modelExecutor, PrometheusMeterRegistry registry) {
        this.status = Objects.requireNonNull(status, "status");
        this.models = Objects.requireNonNull(models, "models");
        this.modelExecutor = Objects.requireNonNull(modelExecutor, "modelExecutor");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    void register(Router router) {
        router.get("/api/status", this::status)
                .get("/api/models", this::models)
                .post("/api/models/{name}/activate", this::activate)
                .get("/metrics", this::metrics);
    }

    private void status(HttpExchange ex) {
        ex.respond(HttpResponses.json(HttpResponseStatus.OK, status.snapshot()));
    }

    private void models(HttpExchange ex) {
        ex.respond(HttpResponses.json(HttpResponseStatus.OK, models.models()));
    }

    private void metrics(HttpExchange ex) {
        ex.respond(HttpResponses.text(HttpResponseStatus.OK, PROMETHEUS_TEXT, registry.scrape()));
    }

    private void activate(HttpExchange ex) {
        String name = ex.pathParam("name");
        try {
            modelExecutor.execute(() -> ex.respond(activateNow(name)));
        } catch (RejectedExecutionException e) {
            ex.respond(HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "model operations busy; retry later"));
        }
    }

    private FullHttpResponse activateNow(String name) {
        try {
            ModelInfo info = models.activate(name);
            LOG.info("activated model {}", name);
            return HttpResponses.json(HttpResponseStatus.OK, info);
        } catch (NoSuchModelException e) {
            return HttpResponses.error(HttpResponseStatus.NOT_FOUND, e.getMessage());
        } catch (ModelRejectedException e) {
            LOG.info("activation of {} rejected: {}", name, e.getMessage());
            return HttpResponses.error(HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("activating {} failed", name, e);
            return HttpResponses.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "activation failed: " + e);
        }
    }
}
