package dev.actionstream.runtime.server;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides which connections the server keeps, so that holding connections open is not enough to lock others out.
 * A connection is <em>pending</em> until it has proven itself (see {@link ConnectionTrustHandler}); pending
 * connections are the only ones a newcomer may push out. A new connection is admitted when, after closing at most
 * the oldest pending connection for each limit it would break:
 * <ul>
 * <li>its address has fewer than {@code perAddress} connections (else its address's oldest pending one goes),</li>
 * <li>the server has fewer than {@code max} (else the oldest pending one goes),</li>
 * <li>fewer than {@code maxPending} are pending (else the oldest pending one goes).</li>
 * </ul>
 * It is refused only when a limit is full of proven connections. A client that sends its request promptly therefore
 * always gets in: to push it out, an attacker would have to open {@code maxPending} connections in the time it takes
 * that client to send a request head. One instance per server; thread-safe (both event loops admit and release).
 */
final class ConnectionAdmission {

    static final AttributeKey<Ticket> TICKET = AttributeKey.valueOf("actionstream.admission");

    private enum State { PENDING, PROVEN, RELEASED }

    /** One admitted connection's place; {@link #prove()} and {@link #release()} are idempotent. */
    final class Ticket {
        private final Channel channel;
        private final InetAddress address;
        private State state = State.PENDING;

        private Ticket(Channel channel, InetAddress address) {
            this.channel = channel;
            this.address = address;
        }

        /** The connection has authenticated or completed a request: it can no longer be evicted. */
        void prove() {
            synchronized (ConnectionAdmission.this) {
                if (state == State.PENDING) {
                    pending.remove(this);
                    state = State.PROVEN;
                    pendingGauge.set(pending.size());
                }
            }
        }

        void release() {
            synchronized (ConnectionAdmission.this) {
                releaseLocked(this);
            }
        }
    }

    private final int max;
    private final int perAddress;
    private final int maxPending;
    private final AtomicInteger openGauge;
    private final AtomicInteger pendingGauge;
    private final Counter evicted;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    /** Insertion order is age order: the first is the oldest. */
    private final LinkedHashSet<Ticket> pending = new LinkedHashSet<>();
    private int open;

    ConnectionAdmission(int max, int perAddress, int maxPending, AtomicInteger openGauge, AtomicInteger pendingGauge,
                        Counter evicted) {
        if (max <= 0 || perAddress <= 0 || maxPending <= 0) {
            throw new IllegalArgumentException("connection limits must be > 0");
        }
        this.max = max;
        this.perAddress = perAddress;
        this.maxPending = maxPending;
        this.openGauge = Objects.requireNonNull(openGauge, "openGauge");
        this.pendingGauge = Objects.requireNonNull(pendingGauge, "pendingGauge");
        this.evicted = Objects.requireNonNull(evicted, "evicted");
    }

    /**
     * Admits {@code ch} as pending, closing older pending connections to make room where needed.
     *
     * @return its ticket, or null when refused (a limit is full of proven connections)
     */
    Ticket admit(Channel ch) {
        InetAddress address = addressOf(ch);
        Ticket victimOfAddress = null;
        Ticket victimOfTotal = null;
        Ticket victimOfPending = null;
        Ticket admitted;
        synchronized (this) {
            if (byAddress.getOrDefault(address, 0) >= perAddress) {
                victimOfAddress = oldestPending(address);
                if (victimOfAddress == null) {
                    return null;
                }
                releaseLocked(victimOfAddress);
            }
            if (open >= max) {
                victimOfTotal = oldestPending(null);
                if (victimOfTotal == null) {
                    return null;
                }
                releaseLocked(victimOfTotal);
            }
            if (pending.size() >= maxPending) {
                victimOfPending = oldestPending(null);
                releaseLocked(victimOfPending);
            }
            admitted = new Ticket(ch, address);
            pending.add(admitted);
            byAddress.merge(address, 1, Integer::sum);
            open++;
            updateGauges();
        }
        // Closed outside the lock: on this event loop, close() runs the victim's handlers at once.
        evict(victimOfAddress);
        evict(victimOfTotal);
        evict(victimOfPending);
        return admitted;
    }

    synchronized int open() {
        return open;
    }

    synchronized int pending() {
        return pending.size();
    }

    private void evict(Ticket victim) {
        if (victim != null) {
            evicted.increment();
            victim.channel.close();
        }
    }

    private Ticket oldestPending(InetAddress address) {
        Iterator<Ticket> it = pending.iterator();
        while (it.hasNext()) {
            Ticket t = it.next();
            if (address == null || address.equals(t.address)) {
                return t;
            }
        }
        return null;
    }

    private void releaseLocked(Ticket t) {
        if (t == null || t.state == State.RELEASED) {
            return;
        }
        if (t.state == State.PENDING) {
            pending.remove(t);
        }
        t.state = State.RELEASED;
        byAddress.computeIfPresent(t.address, (a, n) -> n > 1 ? n - 1 : null);
        open--;
        updateGauges();
    }

    private void updateGauges() {
        openGauge.set(open);
        pendingGauge.set(pending.size());
    }

    private static InetAddress addressOf(Channel ch) {
        // Embedded and local channels have no IP address; they share one bucket.
        return ch.remoteAddress() instanceof InetSocketAddress isa ? isa.getAddress() : InetAddress.getLoopbackAddress();
    }
}
