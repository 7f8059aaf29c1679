package dev.actionstream.runtime.cluster;

import dev.actionstream.config.Json;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.server.HttpExchange;
import dev.actionstream.runtime.server.HttpResponses;
import dev.actionstream.runtime.server.Router;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * On a cluster node: {@code GET /api/fleet} (every node's latest announcement), {@code GET /api/streams} (the
 * definitions on the streams topic), {@code POST /api/streams} (a definition as JSON: name, source, stride, loop,
 * paced), {@code DELETE /api/streams/{name}}. Writes answer 202 once the brokers took the record; the node owning the
 * stream applies it. Kafka work runs on {@code executor}, never on the event loop.
 */
public final class ClusterRoutes {

    private final String nodeId;
    private final FleetView fleet;
    private final StreamDirectory directory;
    private final ExecutorService executor;

    public ClusterRoutes(String nodeId, FleetView fleet, StreamDirectory directory, ExecutorService executor) {
        this.nodeId = nodeId;
        this.fleet = fleet;
        this.directory = directory;
        this.executor = executor;
    }

    public void register(Router router) {
        router.get("/api/fleet", ex -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("node", nodeId);
            body.put("nodes", fleet.nodes());
            ex.respond(HttpResponses.json(HttpResponseStatus.OK, body));
        });
        router.get("/api/streams", ex -> offload(ex, () -> {
            StreamDirectory.Listing l = directory.list();
            ex.respond(HttpResponses.json(HttpResponseStatus.OK, Map.of("streams", l.streams(),
                    "rejected", l.rejected())));
        }));
        router.post("/api/streams", this::define);
        router.add(HttpMethod.DELETE, "/api/streams/{name}", ex -> {
            String name = ex.pathParam("name");
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
                ex.respond(HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "not a stream name: " + name));
                return;
            }
            offload(ex, () -> {
                directory.delete(name);
                ex.respond(HttpResponses.json(HttpResponseStatus.ACCEPTED, Map.of("deleted", name)));
            });
        });
    }

    private void define(HttpExchange ex) {
        RuntimeConfig.Stream stream;
        try {
            stream = Json.MAPPER.readValue(ex.body(), RuntimeConfig.Stream.class);
        } catch (IOException e) {
            Throwable c = e.getCause() instanceof IllegalArgumentException i ? i : e;
            String m = c.getMessage() == null ? "not a stream definition" : c.getMessage().split("\n", 2)[0];
            ex.respond(HttpResponses.error(HttpResponseStatus.BAD_REQUEST, "stream definition: " + m));
            return;
        }
        offload(ex, () -> {
            directory.put(stream);
            ex.respond(HttpResponses.json(HttpResponseStatus.ACCEPTED, Map.of("stream", stream)));
        });
    }

    private void offload(HttpExchange ex, Runnable work) {
        try {
            executor.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    ex.respond(HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, e.getMessage()));
                }
            });
        } catch (RejectedExecutionException e) {
            ex.respond(HttpResponses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "busy; retry later"));
        }
    }
}
