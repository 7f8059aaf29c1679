package dev.actionstream.runtime.sink;

/**
 * One broker sink as {@code GET /api/sinks} reports it; the same numbers as its meters.
 *
 * @param target  where it delivers (broker address, topic), never a password
 * @param queued  events accepted and not yet handed to the broker's client
 */
public record SinkStatus(String name, String type, String target, boolean connected, int queued, long sent,
                         long failed, long dropped) {
}
