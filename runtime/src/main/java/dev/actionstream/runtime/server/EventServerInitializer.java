package dev.actionstream.runtime.server;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.StreamStateEvent;
import dev.actionstream.runtime.server.websocket.SubscriberHandler;
import dev.actionstream.runtime.server.websocket.SubscriberRegistry;
import dev.actionstream.runtime.models.ModelControl;
import dev.actionstream.runtime.status.RuntimeStatus;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Assembles each connection's pipeline, which reads as the protocol:
 * <pre>
 * HTTP codec → HEAD of streams → absolute target → connection admission (503, evicts) → request deadlines (408)
 *   → idle close → token (401) → trust → model upload (streams to disk; 403/413) → aggregator → Origin check (403)
 *   → stream names (404) → WebSocket /ws → subscriber → routes (REST, metrics, 404)
 * </pre>
 */
final class EventServerInitializer extends ChannelInitializer<SocketChannel> {

    static final String WEBSOCKET_PATH = "/ws";
    static final int MAX_INITIAL_LINE_BYTES = 4096;
    static final int MAX_HEADER_BYTES = 8192;
    static final int MAX_CHUNK_BYTES = 64 * 1024;
    /** Requests other than uploads are small (the API takes no bodies); anything bigger is answered 413. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    /** Clients only ever send control frames; a frame this big is abuse and closes the connection (1009). */
    static final int MAX_INBOUND_FRAME_BYTES = 4096;
    static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    static final int HTTP_IDLE_SECONDS = 60;

    private final RuntimeConfig.Server config;
    private final ServerMetrics metrics;
    private final ConnectionAdmission admission;
    private final ConnectionTrustHandler trust;
    private final StreamNameCheckHandler streamNames;
    private final Supplier<List<StreamStateEvent>> currentStates;
    private final SubscriberRegistry subscribers;
    private final ModelControl models;
    private final Executor modelExecutor;
    private final OriginCheckHandler originCheck;
    private final Router router;
    private final ChannelGroup channels;
    private final WebSocketServerProtocolConfig webSocketConfig;

    EventServerInitializer(RuntimeConfig.Server config, ServerMetrics metrics, SubscriberRegistry subscribers,
                           ModelControl models, Executor modelExecutor, Router router, ChannelGroup channels,
                           RuntimeStatus.Source status) {
        this.config = config;
        this.metrics = metrics;
        this.admission = new ConnectionAdmission(config.maxConnections(), config.maxConnectionsPerAddress(),
                config.maxPendingConnections(), metrics.openConnections, metrics.pendingConnections,
                metrics.connectionsEvicted);
        this.trust = new ConnectionTrustHandler(!config.authToken().isEmpty());
        this.streamNames = new StreamNameCheckHandler(status);
        this.currentStates = () -> status.snapshot().streams().stream()
                .map(s -> StreamStateEvent.of(s.name(), s.state(), s.state(), s.lastError())).toList();
        this.subscribers = subscribers;
        this.models = models;
        this.modelExecutor = modelExecutor;
        this.router = router;
        this.channels = channels;
        this.originCheck = new OriginCheckHandler(new OriginPolicy(config.allowedOrigins()), metrics.originRefused);
        this.webSocketConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(WEBSOCKET_PATH)
                .checkStartsWith(true)
                .maxFramePayloadLength(MAX_INBOUND_FRAME_BYTES)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .allowExtensions(false)
                // Every close we start carries its own code (1001, 1008, 1009...); no generic 1000 after it.
                .sendCloseFrame(null)
                .build();
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        ChannelPipeline p = ch.pipeline();
        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
        p.addLast("head-of-streams", new HeadResponseHandler());
        p.addLast("target", RequestTargetHandler.INSTANCE);
        p.addLast("connection-cap", new ConnectionLimitHandler(admission, metrics.connectionsRefused));
        p.addLast("deadlines", new RequestDeadlineHandler(config.requestHeaderTimeoutMillis(),
                config.requestBodyTimeoutMillis(), config.minRequestBodyBytesPerSecond(), metrics.headerTimeouts,
                metrics.bodyTimeouts));
        p.addLast("idle-close", new IdleConnectionHandler(HTTP_IDLE_SECONDS));
        if (!config.authToken().isEmpty()) {
            p.addLast("token", new TokenAuthHandler(config.authToken(), metrics.authFailures));
        }
        p.addLast("trust", trust);
        p.addLast("model-upload", new ModelUploadHandler(config.uploadsEnabled(), config.maxUploadBytes(), models,
                modelExecutor));
        p.addLast("aggregator", new RequestAggregator(MAX_REQUEST_BYTES));
        p.addLast("origin", originCheck);
        p.addLast("stream-names", streamNames);
        p.addLast("websocket", new WebSocketServerProtocolHandler(webSocketConfig));
        p.addLast("subscriber", new SubscriberHandler(subscribers, config.stuckSubscriberMillis(),
                metrics.stuckDisconnects, currentStates));
        p.addLast("routes", new RouteHandler(router));
    }
}
