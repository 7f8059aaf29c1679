package dev.actionstream.runtime.jobs;

import dev.actionstream.runtime.server.HttpExchange;
import dev.actionstream.runtime.server.HttpResponses;
import dev.actionstream.runtime.server.Router;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code POST /api/jobs} (202 with the queued job, or 4xx with the reason and no job), {@code GET /api/jobs} (jobs and
 * candidates), {@code GET /api/jobs/{id}}, {@code DELETE /api/jobs/{id}} (cancel) and {@code GET /api/candidates}.
 * Checking a request reads the disk, so it runs on the given executor, not the event loop.
 */
public final class JobRoutes {

    private final JobRunner runner;
    private final Executor executor;

    public JobRoutes(JobRunner runner, Executor executor) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    public void register(Router router) {
        router.post("/api/jobs", this::submit)
                .get("/api/jobs", this::list)
                .get("/api/jobs/{id}", this::get)
                .add(HttpMethod.DELETE, "/api/jobs/{id}", this::cancel)
                .get("/api/candidates", ex -> ex.respond(HttpResponses.json(HttpResponseStatus.OK,
                        runner.candidates().all())));
    }

    private void submit(HttpExchange ex) {
        byte[] body = ex.body();
        offload(ex, () -> {
            try {
                JobRecord job = runner.submit(JobRequest.parse(body, runner.defaultEpochs()));
                ex.respond(HttpResponses.json(HttpResponseStatus.ACCEPTED, job));
            } catch (JobRefusedException e) {
                refuse(ex, e);
            }
        });
    }

    private void list(HttpExchange ex) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobs", runner.list());
        body.put("candidates", runner.candidates().all());
        ex.respond(HttpResponses.json(HttpResponseStatus.OK, body));
    }

    private void get(HttpExchange ex) {
        String id = ex.pathParam("id");
        runner.get(id).ifPresentOrElse(j -> ex.respond(HttpResponses.json(HttpResponseStatus.OK, j)),
                () -> ex.respond(HttpResponses.error(HttpResponseStatus.NOT_FOUND, "no job " + id)));
    }

    private void cancel(HttpExchange ex) {
        try {
            ex.respond(HttpResponses.json(HttpResponseStatus.OK, runner.cancel(ex.pathParam("id"))));
        } catch (JobRefusedException e) {
            refuse(ex, e);
        }
    }

    private void offload(HttpExchange ex, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            ex.respond(HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy; retry later"));
        }
    }

    static void refuse(HttpExchange ex, JobRefusedException e) {
        ex.respond(HttpResponses.error(HttpResponseStatus.valueOf(e.status()), e.getMessage()));
    }
}
