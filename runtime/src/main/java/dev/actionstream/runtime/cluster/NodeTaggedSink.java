package dev.actionstream.runtime.cluster;

import dev.actionstream.runtime.events.EventRecord;
import dev.actionstream.runtime.events.RecordSink;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Puts {@code "node": "<id>"} first in every event's JSON before handing it on, so events of the fleet's one topic
 * say which node served the stream. One copy per event (not per frame); the records other sinks get are untouched.
 */
public final class NodeTaggedSink implements RecordSink {

    private final byte[] prefix;
    private final RecordSink delegate;

    public NodeTaggedSink(String nodeId, RecordSink delegate) {
        // Node ids are letters, digits, '_', '.', '-': nothing to escape.
        this.prefix = ("{\"node\":\"" + nodeId + "\"").getBytes(StandardCharsets.UTF_8);
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public void publish(EventRecord record) {
        delegate.publish(new EventRecord(record.type(), record.stream(), record.label(), tag(record.json())));
    }

    byte[] tag(byte[] json) {
        if (json.length < 2 || json[0] != '{') {
            return json;
        }
        boolean empty = json[1] == '}';
        byte[] out = new byte[prefix.length + json.length - 1 + (empty ? 0 : 1)];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        int at = prefix.length;
        if (!empty) {
            out[at++] = ',';
        }
        System.arraycopy(json, 1, out, at, json.length - 1);
        return out;
    }

    @Override
    public void close() {
        delegate.close();
    }
}
