package dev.actionstream.runtime.events;

/**
 * Where finished events go. Each delivery (the WebSocket, the live view's overlay, MQTT, Kafka, a database) is one
 * implementation; the pipeline knows no other. Labels arrive on the scoring thread, stream states on grabber and
 * watchdog threads, possibly at the same time. An implementation must never block its caller: one that cannot keep up
 * drops and counts, the pipeline never waits. What it throws is caught and counted by {@link EventSinks}.
 */
public interface EventSink extends AutoCloseable {

    void onLabel(LabelEvent event);

    /** A stream changed state (rare). Sinks that deliver labels only need not implement it. */
    default void onStreamState(StreamStateEvent event) {
    }

    /**
     * An event of another kind, already serialised by whoever produced it (e.g. an episode event). Sinks that send JSON
     * ({@link RecordSink}) forward it; the others may ignore it.
     */
    default void onRecord(EventRecord record) {
    }

    /** Called once after the last event (the pipeline has drained); releases connections, flushes files. */
    @Override
    default void close() {
    }
}
