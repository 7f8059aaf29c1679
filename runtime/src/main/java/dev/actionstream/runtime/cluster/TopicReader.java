package dev.actionstream.runtime.cluster;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The poll loop of a thread that reads a whole topic for as long as the node runs (fleet view, fleet models): a
 * broker that is away is logged now and then and polled again, never fatal; a wake-up ends it; the consumer is closed
 * on the way out.
 */
final class TopicReader {

    private TopicReader() {
    }

    static void run(KafkaConsumer<byte[], byte[]> consumer, String topic, BooleanSupplier running, Logger log,
                    Consumer<ConsumerRecords<byte[], byte[]>> onRecords) {
        long failures = 0;
        try {
            while (running.getAsBoolean()) {
                try {
                    onRecords.accept(consumer.poll(Duration.ofMillis(500)));
                } catch (WakeupException e) {
                    break;
                } catch (KafkaException e) {
                    if (failures++ % 50 == 0) {
                        log.warn("cluster: reading {} failed ({} so far): {}", topic, failures, e.getMessage());
                    }
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /**
     * Ends the loop {@link #run} runs on {@code thread} (whose {@code running} flag the caller has cleared): wakes the
     * poll and waits up to {@code joinMillis}; a reader whose thread never started closes its consumer here.
     */
    static void stop(KafkaConsumer<byte[], byte[]> consumer, Thread thread, long joinMillis) {
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(joinMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
