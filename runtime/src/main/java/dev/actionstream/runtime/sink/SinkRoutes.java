package dev.actionstream.runtime.sink;

import dev.actionstream.runtime.server.HttpExchange;
import dev.actionstream.runtime.server.HttpResponses;
import dev.actionstream.runtime.server.Router;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/sinks}: whether {@code /ws} delivers events, and each broker sink's connection, buffer and counts,
 * read from the sinks themselves (cheap, on the event loop).
 */
public final class SinkRoutes {

    private final boolean webSocket;
    private final List<BufferedSink> brokers;

    public SinkRoutes(boolean webSocket, List<BufferedSink> brokers) {
        this.webSocket = webSocket;
        this.brokers = List.copyOf(brokers);
    }

    public void register(Router router) {
        router.get("/api/sinks", this::list);
    }

    private void list(HttpExchange ex) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("websocket", webSocket);
        body.put("brokers", brokers.stream().map(BufferedSink::status).toList());
        ex.respond(HttpResponses.json(HttpResponseStatus.OK, body));
    }
}
