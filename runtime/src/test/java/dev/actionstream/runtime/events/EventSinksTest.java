package dev.actionstream.runtime.events;

import dev.actionstream.runtime.status.StreamState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSinksTest {

    /** Keeps what it is given, in order. */
    private static final class Recording implements EventSink {
        final List<Object> got = new ArrayList<>();
        boolean closed;

        @Override
        public void onLabel(LabelEvent event) {
            got.add(event);
        }

        @Override
        public void onStreamState(StreamStateEvent event) {
            got.add(event);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Fails on everything, like a sink whose broker is gone. */
    private static final class Broken implements EventSink {
        @Override
        public void onLabel(LabelEvent event) {
            throw new IllegalStateException("broker gone");
        }

        @Override
        public void onStreamState(StreamStateEvent event) {
            throw new IllegalStateException("broker gone");
        }

        @Override
        public void close() {
            throw new IllegalStateException("broker gone");
        }
    }

    @Test
    void shouldHandEveryEventToEverySinkInOrder() {
        Recording a = new Recording();
        Recording b = new Recording();
        EventSinks sinks = EventSinks.of(a, b);
        LabelEvent first = TestEvents.event("cam1", 1);
        StreamStateEvent state = StreamStateEvent.of("cam1", StreamState.RUNNING, StreamState.STALLED, "");
        LabelEvent second = TestEvents.event("cam1", 2);
        sinks.onLabel(first);
        sinks.onStreamState(state);
        sinks.onLabel(second);
        assertEquals(List.of(first, state, second), a.got);
        assertEquals(List.of(first, state, second), b.got);
    }

    @Test
    void shouldIsolateAFailingSinkFromTheOthersAndCountItsFailures() {
        Recording before = new Recording();
        Recording after = new Recording();
        EventSinks sinks = EventSinks.of(before, new Broken(), after);
        LabelEvent label = TestEvents.event("cam1", 1);
        StreamStateEvent state = StreamStateEvent.of("cam1", StreamState.RUNNING, StreamState.RECONNECTING, "connection refused");
        sinks.onLabel(label);
        sinks.onStreamState(state);
        assertEquals(List.of(label, state), before.got);
        assertEquals(List.of(label, state), after.got);
        assertEquals(2, sinks.failures(1));
        assertEquals(0, sinks.failures(0) + sinks.failures(2));
    }

    @Test
    void shouldCloseEverySinkEvenWhenOneFailsToClose() {
        Recording before = new Recording();
        Recording after = new Recording();
        EventSinks sinks = EventSinks.of(before, new Broken(), after);
        sinks.close();
        assertEquals(true, before.closed && after.closed);
        assertEquals(1, sinks.failures());
    }

    @Test
    void shouldLeaveStatesToSinksThatWantThemAndCloseQuietlyByDefault() {
        List<LabelEvent> labels = new ArrayList<>();
        EventSink labelsOnly = labels::add;
        labelsOnly.onStreamState(StreamStateEvent.of("cam1", StreamState.RUNNING, StreamState.ENDED, ""));
        labelsOnly.close();
        assertEquals(List.of(), labels);
    }

    @Test
    void serialisesEachEventOnceForEveryRecordSinkAndForwardsOtherRecords() {
        List<EventRecord> first = new ArrayList<>();
        List<EventRecord> second = new ArrayList<>();
        RecordSink a = first::add;
        RecordSink b = second::add;
        Recording typed = new Recording();
        EventSinks sinks = EventSinks.of(a, typed, b);
        LabelEvent label = TestEvents.event("cam1", 1);
        sinks.onLabel(label);
        sinks.onStreamState(StreamStateEvent.of("cam1", StreamState.STARTING, StreamState.RUNNING, null));
        EventRecord episode = EventRecord.of(EventType.EPISODE, "cam1", "{\"episode\":1}");
        sinks.onRecord(episode);

        assertEquals(3, first.size());
        for (int i = 0; i < 3; i++) {
            assertSame(first.get(i), second.get(i), "one record, shared");
        }
        assertEquals(EventType.LABEL, first.get(0).type());
        assertEquals(label.label(), first.get(0).label());
        assertEquals(EventJson.label(label), first.get(0).jsonText());
        assertEquals(EventType.STREAM_STATE, first.get(1).type());
        assertSame(episode, first.get(2));
        assertEquals(2, typed.got.size(), "a typed sink gets typed events and may ignore other records");
        assertEquals(0, sinks.failures());
    }
}
