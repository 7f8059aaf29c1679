package dev.actionstream.runtime.episodes;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.StreamStateEvent;
import dev.actionstream.runtime.status.StreamState;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Turns label events into episode events, per stream ({@link StreamEpisodes}), and hands them to its sinks in order.
 * It is itself an {@link EventSink}: it is fed wherever label events are published, and never blocks the publisher.
 * A ticker ({@code episode-tick}) lets time pass between label events; {@link #close} ends every open episode
 * ({@code endReason: shutdown}) so nothing reported started is left without an end.
 */
public final class EpisodeTracker implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeTracker.class);
    static final long TICK_MILLIS = 50;

    private final RuntimeConfig.Episodes config;
    private final ActionLabels actions;
    private final EpisodeSink[] sinks;
    private final AtomicLongArray failures;
    private final Map<String, StreamEpisodes> streams = new ConcurrentHashMap<>();
    private final EpisodeSink fanOut = this::deliver;
    private ScheduledExecutorService ticker;
    private volatile boolean closed;

    public EpisodeTracker(RuntimeConfig.Episodes config, ActionLabels actions, List<? extends EpisodeSink> sinks) {
        this.config = Objects.requireNonNull(config, "config");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.sinks = sinks.toArray(new EpisodeSink[0]);
        for (EpisodeSink s : this.sinks) {
            Objects.requireNonNull(s, "sink");
        }
        this.failures = new AtomicLongArray(this.sinks.length);
    }

    /** Starts the ticker; without it decisions are taken on label events only (tests drive time themselves). */
    public synchronized EpisodeTracker start() {
        if (ticker == null && !closed) {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                    new DefaultThreadFactory("episode-tick", true));
            t.scheduleWithFixedDelay(this::tickWall, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            ticker = t;
        }
        return this;
    }

    @Override
    public void onLabel(LabelEvent event) {
        if (closed) {
            return;
        }
        stream(event.stream()).observe(event.label(), event.confidence(), event.captureTimestampMs(),
                event.frameIndex(), event.modelName(), event.modelVersion(), System.currentTimeMillis());
    }

    /** A stream that stops delivering ends its episode: what follows a reconnect is another episode. */
    @Override
    public void onStreamState(StreamStateEvent event) {
        if (!closed && event.state() != StreamState.RUNNING) {
            StreamEpisodes s = streams.get(event.stream());
            if (s != null) {
                // Streams are stopped when the server shuts down: that is the reason worth reporting.
                s.stop(event.state() == StreamState.STOPPED ? StreamEpisodes.EndReason.SHUTDOWN
                        : StreamEpisodes.EndReason.STREAM, event.timestampMs());
            }
        }
    }

    /** Lets time pass up to {@code nowMs} on the capture clock (epoch ms of frame capture) on every stream. */
    public void tick(long nowMs) {
        for (StreamEpisodes s : streams.values()) {
            try {
                s.tick(nowMs);
            } catch (RuntimeException e) {
                LOG.error("episode tick failed", e);
            }
        }
    }

    /** The ticker: now on the wall clock, which each stream takes back by how late its label events arrive. */
    private void tickWall() {
        long now = System.currentTimeMillis();
        for (StreamEpisodes s : streams.values()) {
            try {
                s.tickWall(now);
            } catch (RuntimeException e) {
                LOG.error("episode tick failed", e);
            }
        }
    }

    /** The open episodes now, one per stream at most. */
    public List<Episode> open() {
        List<Episode> out = new ArrayList<>();
        for (StreamEpisodes s : streams.values()) {
            Episode e = s.current();
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Episode events the sink at {@code index} failed on. */
    public long failures(int index) {
        return failures.get(index);
    }

    private StreamEpisodes stream(String name) {
        StreamEpisodes s = streams.get(name);
        if (s == null) {
            s = streams.computeIfAbsent(name, n -> new StreamEpisodes(n, actions, fanOut,
                    millis(config.minSeconds()), millis(config.gapSeconds()), millis(config.updateSeconds())));
        }
        return s;
    }

    private static long millis(double seconds) {
        return Math.round(seconds * 1000);
    }

    private void deliver(EpisodeEvent event) {
        for (int i = 0; i < sinks.length; i++) {
            try {
                sinks[i].onEpisode(event);
            } catch (RuntimeException e) {
                long n = failures.incrementAndGet(i);
                if (n == 1 || n % 1000 == 0) {
                    LOG.error("episode sink {} failed ({} failures so far)", sinks[i].getClass().getName(), n, e);
                }
            }
        }
    }

    /** Stops the ticker and ends every open episode; the sinks are closed by their owners, after this. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (ticker != null) {
            ticker.shutdownNow();
            try {
                ticker.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long now = System.currentTimeMillis();
        for (StreamEpisodes s : streams.values()) {
            s.stop(StreamEpisodes.EndReason.SHUTDOWN, now);
        }
        closed = true;
    }
}
