package dev.actionstream.runtime.server.websocket;

import dev.actionstream.runtime.events.EventJson;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.StreamStateEvent;
import dev.actionstream.runtime.episodes.EpisodeEvent;
import dev.actionstream.runtime.episodes.EpisodeSink;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to every interested WebSocket subscriber. Runs on the scoring thread and never blocks it: each event
 * is serialised once and the same bytes are shared (a retained duplicate per subscriber); a subscriber whose outbound
 * buffer is above its high-water mark simply misses the event, and the miss is counted. Saying goodbye to subscribers
 * is the {@link dev.actionstream.runtime.server.EventServer}'s, when it closes after the last event.
 */
public final class WebSocketSink implements EventSink, EpisodeSink {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketSink.class);

    private final SubscriberRegistry subscribers;
    private final LabelEventWriter writer;
    private final Counter sent;
    private final Counter dropped;

    public WebSocketSink(SubscriberRegistry subscribers, LabelEventWriter writer, Counter sent, Counter dropped) {
        this.subscribers = Objects.requireNonNull(subscribers, "subscribers");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.sent = Objects.requireNonNull(sent, "sent");
        this.dropped = Objects.requireNonNull(dropped, "dropped");
    }

    @Override
    public void onLabel(LabelEvent event) {
        if (subscribers.isEmpty()) {
            return;
        }
        ByteBuf json;
        try {
            json = writer.write(event);
        } catch (RuntimeException e) {
            // A broken event must not take the scoring thread down; it is logged and lost.
            LOG.error("label event not published", e);
            return;
        }
        try {
            for (Subscriber s : subscribers) {
                if (!s.wants(event.stream())) {
                    continue;
                }
                Channel ch = s.channel();
                if (ch.isWritable()) {
                    // voidPromise: no future per write; a failed write reaches the subscriber's exceptionCaught.
                    ch.writeAndFlush(new TextWebSocketFrame(json.retainedDuplicate()), ch.voidPromise());
                    sent.increment();
                } else {
                    dropped.increment();
                }
            }
        } finally {
            json.release();
        }
    }

    /** Sends a state change to the subscribers that asked for them; called from grabber threads, rarely. */
    @Override
    public void onStreamState(StreamStateEvent event) {
        if (subscribers.isEmpty()) {
            return;
        }
        String json;
        try {
            json = EventJson.state(event);
        } catch (RuntimeException e) {
            LOG.error("stream state event not published", e);
            return;
        }
        for (Subscriber s : subscribers) {
            Channel ch = s.channel();
            if (s.wantsStates() && s.wants(event.stream()) && ch.isWritable()) {
                ch.writeAndFlush(new TextWebSocketFrame(json), ch.voidPromise());
                sent.increment();
            }
        }
    }

    /** Sends an episode event to the subscribers that asked for them ({@code /ws?episodes=true}); rare. */
    @Override
    public void onEpisode(EpisodeEvent event) {
        if (subscribers.isEmpty()) {
            return;
        }
        String json;
        try {
            json = EventJson.episode(event);
        } catch (RuntimeException e) {
            LOG.error("episode event not published", e);
            return;
        }
        for (Subscriber s : subscribers) {
            if (!s.wantsEpisodes() || !s.wants(event.episode().stream())) {
                continue;
            }
            Channel ch = s.channel();
            if (ch.isWritable()) {
                ch.writeAndFlush(new TextWebSocketFrame(json), ch.voidPromise());
                sent.increment();
            } else {
                dropped.increment();
            }
        }
    }

    /**
     * Sends one serialised training job or model event ({@code "type":"job"} / {@code "model"}) to the subscribers
     * that asked ({@code /ws?jobs=true}); any thread, rare, never blocks.
     */
    public void onJobEvent(String json) {
        for (Subscriber s : subscribers) {
            Channel ch = s.channel();
            if (s.wantsJobs() && ch.isWritable()) {
                ch.writeAndFlush(new TextWebSocketFrame(json), ch.voidPromise());
                sent.increment();
            }
        }
    }
}
