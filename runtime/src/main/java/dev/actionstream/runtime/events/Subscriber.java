package dev.actionstream.runtime.events;

import io.netty.channel.Channel;
import java.util.Objects;
import java.util.Set;

/** One WebSocket subscriber: its channel and the streams it asked for (empty = every stream). */
public final class Subscriber {

    private final Channel channel;
    private final Set<String> streams;

    public Subscriber(Channel channel, Set<String> streams) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.streams = Set.copyOf(streams);
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
