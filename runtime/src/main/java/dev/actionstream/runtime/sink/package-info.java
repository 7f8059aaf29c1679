/**
 * Event delivery to brokers: {@link dev.actionstream.runtime.sink.BufferedSink} gives any {@link
 * dev.actionstream.runtime.sink.Transport} (MQTT, Kafka) a bounded buffer, a sender thread ({@code sink-NAME}) that
 * reconnects with backoff, and per-sink metrics; {@link dev.actionstream.runtime.sink.SinkFactory} builds the sinks
 * serve's {@code sinks:} list names. The scoring and grabber threads only ever offer to the buffer.
 */
package dev.actionstream.runtime.sink;
