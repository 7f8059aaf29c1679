package dev.actionstream.runtime.sink;

import dev.actionstream.runtime.events.EventRecord;
import dev.actionstream.runtime.events.RecordSink;
import dev.actionstream.runtime.source.Backoff;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker sink: a bounded buffer between the pipeline and one {@link Transport}, emptied by the sink's own thread
 * ({@code sink-NAME}).
 *
 * <pre>
 *  scoring / grabber threads ──publish: offer, never wait──▶ buffer (bufferEvents) ──sink-NAME──▶ Transport ──▶ broker
 *                                └─ full: dropped, counted                              └─ link down: reconnect with backoff
 * </pre>
 *
 * One thread takes records in the order they were published and hands each over only after the one before it was
 * taken, so a stream's events leave in order. While the broker is away the record in hand is kept and the buffer
 * fills; once it is full new events are dropped and counted, the oldest are kept (they reach the broker first when it
 * returns). Reconnection waits {@code reconnectInitialMillis}, doubling to {@code reconnectMaxMillis}. On
 * {@link #close} the buffer is given {@link #CLOSE_MILLIS} to drain; what is left is counted as dropped.
 */
public final class BufferedSink implements RecordSink {

    private static final Logger LOG = LoggerFactory.getLogger(BufferedSink.class);
    /** How long {@link #close} lets the buffer drain (and in-flight records complete) before giving up on them. */
    static final long CLOSE_MILLIS = 2_000;
    /** A transport with too many records in flight is asked again this soon. */
    private static final long BUSY_PAUSE_MILLIS = 2;
    private static final long POLL_MILLIS = 100;

    private final String name;
    private final String type;
    private final Transport transport;
    private final ArrayBlockingQueue<EventRecord> buffer;
    private final Backoff backoff;
    private final SinkMeters meters;
    private final Thread thread;
    /** 1 while the sender holds a record taken from the buffer but not yet handed over (for {@link #queued}). */
    private volatile int inHandCount;
    private volatile boolean closing;
    private volatile long closeDeadlineNanos;
    private boolean closed;

    /** Builds the sink and registers its meters; {@link #start} starts its thread. */
    public BufferedSink(String name, String type, Transport transport, int bufferEvents, long reconnectInitialMillis,
                        long reconnectMaxMillis, MeterRegistry registry) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.buffer = new ArrayBlockingQueue<>(bufferEvents);
        this.backoff = new Backoff(reconnectInitialMillis, reconnectMaxMillis);
        this.meters = new SinkMeters(registry, name, type, transport::connected, this::queued);
        this.thread = new Thread(this::run, "sink-" + name);
        this.thread.setDaemon(true);
    }

    public BufferedSink start() {
        thread.start();
        return this;
    }

    /** Queues {@code record}; when the buffer is full (or the sink is closing) it is dropped and counted. */
    @Override
    public void publish(EventRecord record) {
        if (closing || !buffer.offer(record)) {
            meters.dropped(1);
        }
    }

    public String name() {
        return name;
    }

    public SinkMeters meters() {
        return meters;
    }

    public boolean connected() {
        return transport.connected();
    }

    /** Its state now, for {@code GET /api/sinks}. */
    public SinkStatus status() {
        return new SinkStatus(name, type, transport.describe(), connected(), queued(), meters.sentCount(),
                meters.failedCount(), meters.droppedCount());
    }

    /** Events accepted and not yet handed to the broker's client: the buffer and the one in hand. */
    public int queued() {
        return buffer.size() + inHandCount;
    }

    private void run() {
        EventRecord inHand = null;
        boolean wasConnected = false;
        int attempts = 0;
        try {
            while (true) {
                if (inHand == null) {
                    inHandCount = 0;
                    inHand = buffer.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    inHandCount = inHand == null ? 0 : 1;
                    if (inHand == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                }
                if (closing && System.nanoTime() > closeDeadlineNanos) {
                    return;
                }
                if (transport.needsConnect()) {
                    try {
                        attempts++;
                        transport.connect();
                        LOG.info("sink {}: connected to {}{} ({} events waiting)", name, transport.describe(),
                                attempts > 1 ? " after " + attempts + " attempts" : "", buffer.size() + 1);
                        backoff.reset();
                        attempts = 0;
                        wasConnected = true;
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        if (attempts == 1) {
                            LOG.warn("sink {}: cannot reach {} ({}){}; events are buffered (up to {}) and it is "
                                    + "retried with backoff", name, transport.describe(), describe(e),
                                    wasConnected ? " after losing the connection" : "", buffer.remainingCapacity()
                                            + buffer.size());
                        }
                        pause(backoff.nextDelayMillis());
                    }
                    continue;
                }
                try {
                    if (transport.send(inHand, meters)) {
                        inHand = null;
                        inHandCount = 0;
                    } else {
                        pause(BUSY_PAUSE_MILLIS);
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    // Not taken: keep it in hand; needsConnect() says whether to reconnect first.
                    LOG.debug("sink {}: send failed, retrying: {}", name, describe(e));
                    pause(backoff.nextDelayMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("sink {}: sender thread failed; its events are dropped from here on", name, e);
            closing = true;
        } finally {
            if (inHand != null) {
                meters.dropped(1);
            }
            inHandCount = 0;
        }
    }

    /** Sleeps, but never past the close deadline. */
    private void pause(long millis) throws InterruptedException {
        long left = closing ? TimeUnit.NANOSECONDS.toMillis(closeDeadlineNanos - System.nanoTime()) : millis;
        long wait = Math.min(millis, Math.max(0, left));
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage();
        return root == e ? String.valueOf(m) : m + ": " + root;
    }

    /**
     * Stops taking events, lets the buffer drain for up to {@link #CLOSE_MILLIS}, counts what is left as dropped,
     * then closes the transport (records in flight get the rest of the time). Called after the pipeline's last event.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long start = System.nanoTime();
        closeDeadlineNanos = start + TimeUnit.MILLISECONDS.toNanos(CLOSE_MILLIS);
        closing = true;
        try {
            if (thread.isAlive()) {
                // A connect or send in progress is bounded by the transport's own timeout; do not wait for it forever.
                thread.join(CLOSE_MILLIS + 1_000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(1_000);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<EventRecord> left = new ArrayList<>();
        buffer.drainTo(left);
        if (!left.isEmpty()) {
            meters.dropped(left.size());
            LOG.warn("sink {}: {} events not sent before closing (counted as dropped)", name, left.size());
        }
        long spent = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        transport.close(Math.max(500, CLOSE_MILLIS - spent));
        LOG.info("sink {}: closed ({} sent, {} failed, {} dropped)", name, meters.sentCount(), meters.failedCount(),
                meters.droppedCount());
    }
}
