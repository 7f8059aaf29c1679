package dev.actionstream.runtime.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the fleet's topics when they are missing: streams and nodes compacted (the latest record per key is the
 * state), events not. Replication is the brokers' default; existing topics are left as they are.
 */
public final class ClusterTopics {

    private ClusterTopics() {
    }

    public static void ensure(ClusterSettings s) {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> topics = List.of(
                new NewTopic(s.streamsTopic(), Optional.of(s.partitions()), Optional.empty()).configs(compacted),
                new NewTopic(s.nodesTopic(), Optional.of(1), Optional.empty()).configs(compacted),
                new NewTopic(s.eventsTopic(), Optional.of(s.partitions()), Optional.empty()),
                new NewTopic(ClusterSettings.MODELS_TOPIC, Optional.of(1), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(FleetModels.MAX_RECORD_BYTES))));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000"))) {
            for (NewTopic t : topics) {
                try {
                    admin.createTopics(List.of(t)).all().get(20, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + t.name() + " on " + s.bootstrap()
                                + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from Kafka at " + s.bootstrap() + " within 20 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
