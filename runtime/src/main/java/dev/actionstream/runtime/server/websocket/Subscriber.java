package dev.actionstream.runtime.server.websocket;

import dev.actionstream.runtime.events.StreamStateEvent;
import io.netty.channel.Channel;
import java.util.Objects;
import java.util.Set;

/** One WebSocket subscriber: its channel and the streams it asked for (empty = every stream). */
public final class Subscriber {

    private final Channel channel;
    private final Set<String> streams;
    private final boolean states;
    private final boolean episodes;
    private final boolean jobs;

    public Subscriber(Channel channel, Set<String> streams) {
        this(channel, streams, false);
    }

    /** @param states whether it also wants {@link StreamStateEvent}s ({@code /ws?states=true}) */
    public Subscriber(Channel channel, Set<String> streams, boolean states) {
        this(channel, streams, states, false);
    }

    /** @param episodes whether it also wants episode events ({@code /ws?episodes=true}) */
    public Subscriber(Channel channel, Set<String> streams, boolean states, boolean episodes) {
        this(channel, streams, states, episodes, false);
    }

    /** @param jobs whether it also wants training job and model events ({@code /ws?jobs=true}) */
    public Subscriber(Channel channel, Set<String> streams, boolean states, boolean episodes, boolean jobs) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.streams = Set.copyOf(streams);
        this.states = states;
        this.episodes = episodes;
        this.jobs = jobs;
    }

    public boolean wantsEpisodes() {
        return episodes;
    }

    public boolean wantsJobs() {
        return jobs;
    }

    public boolean wantsStates() {
        return states;
    }

    public Channel channel() {
        return channel;
    }

    public Set<String> streams() {
        return streams;
    }

    public boolean wants(String stream) {
        return streams.isEmpty() || streams.contains(stream);
    }
}
