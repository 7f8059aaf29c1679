package dev.actionstream.runtime.sink;

import dev.actionstream.runtime.events.EventRecord;

/**
 * A connection to one broker, driven by one {@link BufferedSink} thread: {@link #connect}, {@link #send} and
 * {@link #close} are only ever called from it. Delivery is asynchronous: {@link #send} hands a record over and its
 * {@link Outcome} is told later, possibly on the client library's thread.
 */
public interface Transport {

    /** Whether {@link #connect} must succeed before the next {@link #send} (never connected, or the link was lost). */
    boolean needsConnect();

    /**
     * One connection attempt, bounded by the transport's own timeout.
     *
     * @throws Exception why the broker could not be reached (the sink retries with backoff)
     */
    void connect() throws Exception;

    /** Whether the broker is reachable now, as far as the client knows; read by the metrics from any thread. */
    boolean connected();

    /**
     * Hands one record over; exactly one of {@link Outcome#sent} or {@link Outcome#failed} is called for it later.
     *
     * @return false when the client cannot take it yet (too many in flight) but is fine: send it again shortly
     * @throws Exception when the record was not taken because the link is gone (the sink keeps it and reconnects)
     */
    boolean send(EventRecord record, Outcome outcome) throws Exception;

    /** Waits up to {@code timeoutMillis} for records in flight, then disconnects; those still in flight fail. */
    void close(long timeoutMillis);

    /** Where it connects, for logs: never a password. */
    String describe();

    /** What became of one record handed to {@link #send}. */
    interface Outcome {

        /** The broker acknowledged it (or, at QoS 0, it was written to the socket). */
        void sent();

        /** It is lost: the link broke while it was in flight, or the broker refused it. */
        void failed(Throwable cause);
    }
}
