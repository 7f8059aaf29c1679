/**
 * The Kafka sink over {@code kafka-clients}: one idempotent producer, events keyed by stream. Driven by its
 * {@link dev.actionstream.runtime.sink.BufferedSink}'s thread; the producer's I/O thread reports deliveries.
 */
package dev.actionstream.runtime.sink.kafka;
