package dev.actionstream.runtime.server.websocket;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The current WebSocket subscribers. Event loops add and remove (rare); the scoring thread iterates on every event
 * (often), so iteration must be lock-free and never see a half-updated list: a copy-on-write array fits.
 */
public final class SubscriberRegistry implements Iterable<Subscriber> {

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    public void add(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    public boolean remove(Subscriber subscriber) {
        return subscribers.remove(subscriber);
    }

    public int size() {
        return subscribers.size();
    }

    public boolean isEmpty() {
        return subscribers.isEmpty();
    }

    @Override
    public Iterator<Subscriber> iterator() {
        return subscribers.iterator();
    }

    /** Sends every subscriber a close frame with {@code status} and closes its channel once the frame is written. */
    public List<ChannelFuture> closeAll(WebSocketCloseStatus status) {
        List<ChannelFuture> closing = new ArrayList<>();
        for (Subscriber s : subscribers) {
            closing.add(s.channel().writeAndFlush(new CloseWebSocketFrame(status))
                    .addListener(ChannelFutureListener.CLOSE).channel().closeFuture());
        }
        return closing;
    }
}
