package dev.actionstream.runtime.events;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands every event to several sinks, in the order given. Each label or state event is serialised at most once, for all
 * the {@link RecordSink}s together, and only when there is one. Events of other kinds (episodes) are published into it
 * with {@link #onRecord}, already serialised, and reach every sink the same way. A sink that throws loses that event only: the next sinks
 * still get it, the calling thread (scoring or grabber) goes on, and the failure is counted per sink and logged (the
 * first, then every {@value #LOG_EVERY}th, so a broken sink cannot flood the log at the event rate).
 */
public final class EventSinks implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(EventSinks.class);
    static final int LOG_EVERY = 1_000;

    private final EventSink[] sinks;
    /** Written by the scoring thread and grabber threads at once. */
    private final AtomicLongArray failures;

    public EventSinks(List<? extends EventSink> sinks) {
        this.sinks = sinks.toArray(new EventSink[0]);
        for (EventSink s : this.sinks) {
            Objects.requireNonNull(s, "sink");
        }
        this.failures = new AtomicLongArray(this.sinks.length);
    }

    public static EventSinks of(EventSink... sinks) {
        return new EventSinks(List.of(sinks));
    }

    @Override
    public void onLabel(LabelEvent event) {
        EventRecord record = null;
        for (int i = 0; i < sinks.length; i++) {
            try {
                if (sinks[i] instanceof RecordSink r) {
                    if (record == null) {
                        record = EventRecord.label(event);
                    }
                    r.publish(record);
                } else {
                    sinks[i].onLabel(event);
                }
            } catch (RuntimeException e) {
                failed(i, "label event of stream " + event.stream(), e);
            }
        }
    }

    @Override
    public void onStreamState(StreamStateEvent event) {
        EventRecord record = null;
        for (int i = 0; i < sinks.length; i++) {
            try {
                if (sinks[i] instanceof RecordSink r) {
                    if (record == null) {
                        record = EventRecord.state(event);
                    }
                    r.publish(record);
                } else {
                    sinks[i].onStreamState(event);
                }
            } catch (RuntimeException e) {
                failed(i, "state event of stream " + event.stream(), e);
            }
        }
    }

    @Override
    public void onRecord(EventRecord record) {
        for (int i = 0; i < sinks.length; i++) {
            try {
                sinks[i].onRecord(record);
            } catch (RuntimeException e) {
                failed(i, record.toString(), e);
            }
        }
    }

    /** Closes every sink, in order; one that fails to close does not keep the others open. */
    @Override
    public void close() {
        for (int i = 0; i < sinks.length; i++) {
            try {
                sinks[i].close();
            } catch (RuntimeException e) {
                failed(i, "close", e);
            }
        }
    }

    /** Events (and closes) the sink at {@code index} failed, since the start. */
    public long failures(int index) {
        return failures.get(index);
    }

    /** Failures of all sinks together. */
    public long failures() {
        long sum = 0;
        for (int i = 0; i < sinks.length; i++) {
            sum += failures.get(i);
        }
        return sum;
    }

    private void failed(int index, String what, RuntimeException e) {
        long n = failures.incrementAndGet(index);
        if (n == 1 || n % LOG_EVERY == 0) {
            LOG.error("event sink {} failed on {} ({} failures so far)", sinks[index].getClass().getName(), what, n, e);
        }
    }
}
