package dev.actionstream.runtime.source;

/** Capped exponential backoff: initial, 2×, 4×, ... up to max; {@link #reset()} after a good connection. */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private long next;

    public Backoff(long initialMillis, long maxMillis) {
        if (initialMillis <= 0 || maxMillis < initialMillis) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initialMillis + ", " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.next = initialMillis;
    }

    /** The delay before the next attempt; doubles the one after, up to the cap. */
    public long nextDelayMillis() {
        long d = next;
        next = Math.min(maxMillis, next * 2);
        return d;
    }

    public void reset() {
        next = initialMillis;
    }
}
