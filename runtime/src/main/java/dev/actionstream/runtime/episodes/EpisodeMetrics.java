package dev.actionstream.runtime.episodes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Episodes on {@code /metrics}: {@code actionstream_episodes_total{phase}}, what the history stored, failed to store
 * and dropped (queue full), and the clips written, skipped and deleted for the disk budget.
 */
public final class EpisodeMetrics implements EpisodeSink {

    private final Counter started;
    private final Counter updated;
    private final Counter ended;

    public EpisodeMetrics(MeterRegistry registry) {
        this.started = phase(registry, "start");
        this.updated = phase(registry, "update");
        this.ended = phase(registry, "end");
    }

    private static Counter phase(MeterRegistry registry, String phase) {
        return Counter.builder("actionstream.episodes").tag("phase", phase).description("episode events")
                .register(registry);
    }

    @Override
    public void onEpisode(EpisodeEvent event) {
        switch (event.phase()) {
            case START -> started.increment();
            case UPDATE -> updated.increment();
            case END -> ended.increment();
        }
    }

    public static void bind(MeterRegistry registry, EpisodeHistory history) {
        FunctionCounter.builder("actionstream.episodes.history", history, EpisodeHistory::stored).tag("outcome", "stored")
                .description("ended episodes written to the history").register(registry);
        FunctionCounter.builder("actionstream.episodes.history", history, EpisodeHistory::failed).tag("outcome", "failed")
                .register(registry);
        FunctionCounter.builder("actionstream.episodes.history", history, EpisodeHistory::dropped)
                .tag("outcome", "dropped").register(registry);
    }

    public static void bind(MeterRegistry registry, EpisodeClips clips) {
        FunctionCounter.builder("actionstream.episodes.clips", clips, EpisodeClips::written).tag("outcome", "written")
                .description("episode clips").register(registry);
        FunctionCounter.builder("actionstream.episodes.clips", clips, EpisodeClips::skipped).tag("outcome", "skipped")
                .register(registry);
        FunctionCounter.builder("actionstream.episodes.clips", clips, EpisodeClips::evicted).tag("outcome", "evicted")
                .register(registry);
    }
}
