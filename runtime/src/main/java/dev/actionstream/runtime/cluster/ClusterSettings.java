package dev.actionstream.runtime.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * How a node joins the fleet.
 *
 * @param bootstrap            Kafka's {@code bootstrap.servers}
 * @param nodeId               this node's name in events and the fleet status (not its group membership)
 * @param sessionTimeoutMillis the consumer group's {@code session.timeout.ms}: how long the group waits for a node
 *                             that stopped answering before its streams go to others, so what failover after a crash
 *                             takes (plus a rebalance, about a heartbeat)
 * @param partitions           partitions of the streams topic (created when missing): the units the group shares out,
 *                             so the most nodes that can each get a share
 */
public record ClusterSettings(String bootstrap, String nodeId, long sessionTimeoutMillis, int partitions,
                              String streamsTopic, String eventsTopic, String nodesTopic, String group) {

    public static final long DEFAULT_SESSION_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_PARTITIONS = 24;
    public static final String STREAMS_TOPIC = "actionstream.streams";
    public static final String EVENTS_TOPIC = "actionstream.events";
    public static final String NODES_TOPIC = "actionstream.nodes";
    public static final String GROUP = "actionstream-nodes";
    /** The fleet's model: one compacted partition, the latest record is the model every node serves. */
    public static final String MODELS_TOPIC = "actionstream.models";
    /** Largest model carried in a record; brokers and clients are configured for it (topic and request limits). */
    public static final int MAX_MODEL_BYTES = 16 * 1024 * 1024;
    private static final String NAME = "[A-Za-z0-9_.-]{1,64}";

    public ClusterSettings {
        if (bootstrap == null || !bootstrap.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*")) {
            throw new IllegalArgumentException("--cluster: host:port[,host:port...], got '" + bootstrap + "'");
        }
        if (nodeId == null || !nodeId.matches(NAME)) {
            throw new IllegalArgumentException("--node-id: 1-64 letters, digits, '_', '.', '-', got '" + nodeId + "'");
        }
        // The broker refuses session timeouts under its group.min.session.timeout.ms (6 s by default).
        if (sessionTimeoutMillis < 1_000) {
            throw new IllegalArgumentException("--session-timeout-ms: at least 1000, got " + sessionTimeoutMillis);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
    }

    /** The defaults of everything but where the brokers are and who this node is. */
    public static ClusterSettings of(String bootstrap, String nodeId, long sessionTimeoutMillis) {
        return new ClusterSettings(bootstrap, nodeId == null ? defaultNodeId() : nodeId, sessionTimeoutMillis,
                DEFAULT_PARTITIONS, STREAMS_TOPIC, EVENTS_TOPIC, NODES_TOPIC, GROUP);
    }

    /** For clients that only write or read stream definitions ({@code streams add|rm|list}). */
    public static ClusterSettings client(String bootstrap) {
        return of(bootstrap, "client", DEFAULT_SESSION_TIMEOUT_MILLIS);
    }

    /** The host's name, cut to what a node id may hold; two nodes on one host need {@code --node-id}. */
    public static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "node");
        }
        String id = host.replaceAll("[^A-Za-z0-9_.-]", "-");
        return id.isEmpty() ? "node" : id.substring(0, Math.min(64, id.length()));
    }

    /** Between heartbeats: a fifth of the session, so a few may be lost before the session ends. */
    public long heartbeatMillis() {
        return Math.max(200, sessionTimeoutMillis / 5);
    }

    /**
     * With no answer from the group coordinator for this long, the node stops its streams itself: a heartbeat before
     * the coordinator can end its session, so the streams are stopped before another node may be given them.
     */
    public long silenceLimitMillis() {
        return sessionTimeoutMillis - heartbeatMillis();
    }
}
