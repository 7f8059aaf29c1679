package dev.actionstream.runtime.server;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.episodes.EpisodeSink;
import dev.actionstream.runtime.server.websocket.LabelEventWriter;
import dev.actionstream.runtime.server.websocket.SubscriberRegistry;
import dev.actionstream.runtime.server.websocket.WebSocketSink;
import dev.actionstream.runtime.models.ModelControl;
import dev.actionstream.runtime.status.RuntimeStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's HTTP/WebSocket server on one port: {@code /ws} label events, {@code /api/*}, {@code /metrics}.
 * {@link #sink()} delivers events to the WebSocket subscribers; it never blocks. Extra routes (the live view) can be added
 * through {@link #router()} before or after {@link #start()}.
 */
public final class EventServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventServer.class);

    static final int IO_THREADS = 2;
    /** Model installs/activations run one at a time; a few may wait, more are answered 503. */
    static final int MODEL_TASK_QUEUE = 4;
    static final long CLOSE_TIMEOUT_MILLIS = 2_000;

    private final RuntimeConfig.Server config;
    private final SubscriberRegistry subscribers = new SubscriberRegistry();
    private final ServerMetrics metrics;
    private final WebSocketSink webSocket;
    private final Router router = new Router();
    private final ThreadPoolExecutor modelExecutor;
    private final EventServerInitializer initializer;
    private final ChannelGroup channels = new DefaultChannelGroup("event-server", GlobalEventExecutor.INSTANCE);

    private EventLoopGroup acceptGroup;
    private EventLoopGroup ioGroup;
    private Channel serverChannel;
    private boolean closed;

    public EventServer(RuntimeConfig.Server config, RuntimeStatus.Source status, ModelControl models,
                       PrometheusMeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(registry, "registry");
        this.metrics = new ServerMetrics(registry, subscribers);
        this.webSocket = new WebSocketSink(subscribers, new LabelEventWriter(PooledByteBufAllocator.DEFAULT),
                metrics.messagesSent, metrics.messagesDropped);
        this.modelExecutor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(MODEL_TASK_QUEUE), new DefaultThreadFactory("model-api", true));
        new ApiRoutes(status, models, modelExecutor, registry).register(router);
        this.initializer = new EventServerInitializer(config, metrics, subscribers, models, modelExecutor, router,
                channels, status);
    }

    /**
     * Binds {@code server.bind:server.port} (port 0: any free port).
     *
     * @throws IllegalStateException when the address cannot be bound (port taken, bad bind address)
     */
    public synchronized void start() {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("server already started or closed");
        }
        acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("http-accept"));
        ioGroup = new NioEventLoopGroup(IO_THREADS, new DefaultThreadFactory("http-io"));
        int high = config.subscriberBufferBytes();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
                .childHandler(initializer);
        ChannelFuture bind = bootstrap.bind(new InetSocketAddress(config.bind(), config.port())).awaitUninterruptibly();
        if (!bind.isSuccess()) {
            shutDownGroups();
            Throwable cause = bind.cause();
            throw new IllegalStateException("server: cannot listen on " + config.bind() + ":" + config.port() + " ("
                    + cause.getMessage() + "); choose another server.port or stop what is using it", cause);
        }
        serverChannel = bind.channel();
        LOG.info("listening on http://{}:{} (WebSocket {}, uploads {}, token {})", config.bind(), port(),
                EventServerInitializer.WEBSOCKET_PATH, config.uploadsEnabled() ? "enabled" : "disabled",
                config.authToken().isEmpty() ? "off" : "required");
    }

    /** The bound port; with {@code server.port 0} the one the OS chose. */
    public int port() {
        Channel ch = serverChannel;
        if (ch == null) {
            throw new IllegalStateException("server not started");
        }
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /**
     * The WebSocket delivery of events: labels to every subscriber that wants the stream, state changes to those that
     * asked ({@code /ws?states=true}). Safe from any thread and never blocks; closing it is a no-op, the server's
     * {@link #close} says goodbye to subscribers.
     */
    public EventSink sink() {
        return webSocket;
    }

    /** The WebSocket delivery of episode events, to subscribers that asked ({@code /ws?episodes=true}). */
    public EpisodeSink episodeSink() {
        return webSocket;
    }

    /** Job and model events to the WebSocket subscribers that asked ({@code /ws?jobs=true}): one JSON text each. */
    public void publishJobEvent(String json) {
        webSocket.onJobEvent(json);
    }

    /** Add routes here (method + path pattern); requests for paths no route matches get 404 JSON. */
    public Router router() {
        return router;
    }

    /** Current WebSocket subscribers. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** Stops accepting, says goodbye to subscribers (close 1001 going away), then stops the event loops. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(CLOSE_TIMEOUT_MILLIS);
            List<ChannelFuture> goodbyes = subscribers.closeAll(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_TIMEOUT_MILLIS);
            for (ChannelFuture f : goodbyes) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                f.awaitUninterruptibly(Math.max(1, left));
            }
            channels.close().awaitUninterruptibly(CLOSE_TIMEOUT_MILLIS);
        }
        modelExecutor.shutdown();
        try {
            if (!modelExecutor.awaitTermination(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                modelExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            modelExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        shutDownGroups();
        LOG.info("server stopped");
    }

    private void shutDownGroups() {
        if (ioGroup != null) {
            ioGroup.shutdownGracefully(0, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
        if (acceptGroup != null) {
            acceptGroup.shutdownGracefully(0, CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }
    }
}
