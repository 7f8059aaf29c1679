package dev.actionstream.runtime.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's meters, tagged {@code sink} (its name) and {@code type}: in Prometheus form
 * {@code actionstream_sink_events_sent_total}, {@code _failed_total} (handed to the broker's client and lost: the link
 * broke while in flight, or the broker refused), {@code _dropped_total} (never handed over: the buffer was full, or the
 * sink closed before it could send), and the gauges {@code actionstream_sink_connected} (1 or 0) and
 * {@code actionstream_sink_queued} (events waiting in the buffer). Every event a sink accepted ends in exactly one of
 * sent, failed or dropped.
 */
public final class SinkMeters implements Transport.Outcome {

    private static final Logger LOG = LoggerFactory.getLogger(SinkMeters.class);
    private static final int LOG_EVERY = 1_000;

    private final String name;
    private final Counter sent;
    private final Counter failed;
    private final Counter dropped;

    public SinkMeters(MeterRegistry registry, String name, String type, BooleanSupplier connected, IntSupplier queued) {
        this.name = name;
        this.sent = Counter.builder("actionstream.sink.events.sent").tag("sink", name).tag("type", type)
                .description("events the broker acknowledged").register(registry);
        this.failed = Counter.builder("actionstream.sink.events.failed").tag("sink", name).tag("type", type)
                .description("events handed to the broker's client and lost (link broken in flight, refused)")
                .register(registry);
        this.dropped = Counter.builder("actionstream.sink.events.dropped").tag("sink", name).tag("type", type)
                .description("events never handed over: the sink's buffer was full, or it closed first")
                .register(registry);
        Gauge.builder("actionstream.sink.connected", connected, c -> c.getAsBoolean() ? 1 : 0)
                .tag("sink", name).tag("type", type).description("1 while the broker is connected")
                .strongReference(true).register(registry);
        Gauge.builder("actionstream.sink.queued", queued, IntSupplier::getAsInt)
                .tag("sink", name).tag("type", type).description("events waiting in the sink's buffer")
                .strongReference(true).register(registry);
    }

    @Override
    public void sent() {
        sent.increment();
    }

    @Override
    public void failed(Throwable cause) {
        failed.increment();
        long n = (long) failed.count();
        if (n == 1 || n % LOG_EVERY == 0) {
            LOG.warn("sink {}: an event was lost in flight ({} so far): {}", name, n, String.valueOf(cause));
        }
    }

    void dropped(long n) {
        dropped.increment(n);
    }

    public long sentCount() {
        return (long) sent.count();
    }

    public long failedCount() {
        return (long) failed.count();
    }

    public long droppedCount() {
        return (long) dropped.count();
    }
}
