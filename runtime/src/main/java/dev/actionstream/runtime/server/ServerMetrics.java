package dev.actionstream.runtime.server;

import dev.actionstream.runtime.server.websocket.SubscriberRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The server's own meters (Prometheus names in brackets). */
final class ServerMetrics {

    /** {@code actionstream_ws_messages_sent_total}: events handed to a subscriber's channel. */
    final Counter messagesSent;
    /** {@code actionstream_ws_messages_dropped_total}: events a slow subscriber missed. */
    final Counter messagesDropped;
    /** {@code actionstream_ws_subscribers_disconnected_total{reason="stuck"}}. */
    final Counter stuckDisconnects;
    /** {@code actionstream_http_connections_refused_total}: over {@code server.maxConnections}. */
    final Counter connectionsRefused;
    /** {@code actionstream_http_auth_failures_total}: missing or wrong token. */
    final Counter authFailures;
    /** {@code actionstream_ws_origin_refused_total}: WebSocket handshakes from a foreign Origin. */
    final Counter originRefused;
    /** {@code actionstream_http_connections_evicted_total}: pending connections closed to make room for new ones. */
    final Counter connectionsEvicted;
    /** {@code actionstream_http_request_timeouts_total{phase="header"}}: heads not complete in time. */
    final Counter headerTimeouts;
    /** {@code actionstream_http_request_timeouts_total{phase="body"}}: bodies stalled or below the minimum rate. */
    final Counter bodyTimeouts;
    /** Open TCP connections, gauge {@code actionstream_http_connections}. */
    final AtomicInteger openConnections = new AtomicInteger();
    /** Connections not yet through a request, gauge {@code actionstream_http_connections_pending}. */
    final AtomicInteger pendingConnections = new AtomicInteger();

    ServerMetrics(MeterRegistry registry, SubscriberRegistry subscribers) {
        messagesSent = Counter.builder("actionstream.ws.messages.sent")
                .description("label events handed to WebSocket subscribers").register(registry);
        messagesDropped = Counter.builder("actionstream.ws.messages.dropped")
                .description("label events dropped because the subscriber's buffer was full").register(registry);
        stuckDisconnects = Counter.builder("actionstream.ws.subscribers.disconnected").tag("reason", "stuck")
                .description("subscribers disconnected for not reading").register(registry);
        connectionsRefused = Counter.builder("actionstream.http.connections.refused")
                .description("connections refused with 503 over server.maxConnections or maxConnectionsPerAddress")
                .register(registry);
        connectionsEvicted = Counter.builder("actionstream.http.connections.evicted")
                .description("connections closed before completing a request, to make room for new ones")
                .register(registry);
        headerTimeouts = Counter.builder("actionstream.http.request.timeouts").tag("phase", "header")
                .description("requests whose head or body did not arrive in time").register(registry);
        bodyTimeouts = Counter.builder("actionstream.http.request.timeouts").tag("phase", "body")
                .description("requests whose head or body did not arrive in time").register(registry);
        authFailures = Counter.builder("actionstream.http.auth.failures")
                .description("requests refused for a missing or wrong token").register(registry);
        originRefused = Counter.builder("actionstream.ws.origin.refused")
                .description("WebSocket handshakes refused for their Origin").register(registry);
        Gauge.builder("actionstream.ws.subscribers", subscribers, SubscriberRegistry::size)
                .description("connected WebSocket subscribers").register(registry);
        Gauge.builder("actionstream.http.connections", openConnections, AtomicInteger::get)
                .description("open HTTP/WebSocket connections").register(registry);
        Gauge.builder("actionstream.http.connections.pending", pendingConnections, AtomicInteger::get)
                .description("connections that have not completed (or, with a token, authenticated) a request")
                .register(registry);
    }
}
