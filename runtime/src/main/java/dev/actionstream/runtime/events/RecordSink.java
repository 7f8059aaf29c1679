package dev.actionstream.runtime.events;

/**
 * A sink that sends events as JSON over a wire (MQTT, Kafka, a file): every kind of event reaches it as one
 * {@link EventRecord}. {@link EventSinks} serialises each label and state event once and hands the same record to
 * every record sink; called alone, the defaults below serialise it.
 */
public interface RecordSink extends EventSink {

    /** Takes one record; must return at once (queue it, or drop and count it), never wait for a broker. */
    void publish(EventRecord record);

    @Override
    default void onLabel(LabelEvent event) {
        publish(EventRecord.label(event));
    }

    @Override
    default void onStreamState(StreamStateEvent event) {
        publish(EventRecord.state(event));
    }

    @Override
    default void onRecord(EventRecord record) {
        publish(record);
    }
}
