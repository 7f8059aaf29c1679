package dev.actionstream.runtime.cluster;

import dev.actionstream.config.KafkaSinkConfig;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.sink.BufferedSink;
import dev.actionstream.runtime.sink.kafka.KafkaTransport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Makes a serving runtime a member of the fleet, and is the only class that wires the cluster:
 *
 * <pre>
 *  streams topic ──group assignment──▶ StreamAssignment ──add/remove──▶ ServeAssembly (pipeline, view, capture)
 *  ServeAssembly events ──NodeTaggedSink──▶ BufferedSink (Kafka) ──▶ events topic, keyed by stream
 *  NodeAnnouncer ──every 2 s──▶ nodes topic ──▶ FleetView ──GET /api/fleet──▶ routes
 *  /api/streams (ClusterRoutes) ──▶ StreamDirectory ──▶ streams topic
 * </pre>
 *
 * {@link #prepare} goes before the assembly starts (the event sink, an empty pipeline), {@link #start} after (the
 * server is up); {@link #close} before the assembly's: the node stops its streams and leaves the group first, so the
 * others take them over at once.
 */
public final class ClusterNode implements AutoCloseable {

    private final ClusterSettings settings;
    private final ServeAssembly assembly;
    private StreamDirectory directory;
    private StreamAssignment assignment;
    private NodeAnnouncer announcer;
    private FleetView fleet;
    private ExecutorService api;

    private ClusterNode(ClusterSettings settings, ServeAssembly assembly) {
        this.settings = settings;
        this.assembly = assembly;
    }

    /**
     * Creates the topics when missing, adds the event sink and lets the pipeline start without streams; before the
     * assembly starts.
     */
    public static ClusterNode prepare(ClusterSettings settings, ServeAssembly assembly) {
        ClusterTopics.ensure(settings);
        KafkaSinkConfig events = new KafkaSinkConfig("cluster", settings.bootstrap(), settings.eventsTopic(),
                settings.nodeId(), 30_000, Map.of(), 10_000, 250, 4_000);
        assembly.pipeline().acceptStreamsLater();
        assembly.withSink(new NodeTaggedSink(settings.nodeId(), new BufferedSink(events.name(), KafkaSinkConfig.TYPE,
                new KafkaTransport(events), events.bufferEvents(), events.reconnectInitialMillis(),
                events.reconnectMaxMillis(), assembly.pipeline().metrics().registry()).start()));
        return new ClusterNode(settings, assembly);
    }

    /** Joins the group (streams come as partitions are assigned), announces the node, serves the cluster API. */
    public synchronized ClusterNode start() {
        directory = new StreamDirectory(settings);
        fleet = new FleetView(settings).start();
        api = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "cluster-api");
            t.setDaemon(true);
            return t;
        });
        new ClusterRoutes(settings.nodeId(), fleet, directory, api).register(assembly.server().router());
        assignment = new StreamAssignment(settings, new StreamHost() {
            @Override
            public void add(RuntimeConfig.Stream stream) {
                assembly.addStream(stream);
            }

            @Override
            public boolean remove(String name) {
                return assembly.removeStream(name);
            }
        }).start();
        announcer = new NodeAnnouncer(settings, this::about).start();
        return this;
    }

    private Map<String, Object> about() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", settings.nodeId());
        m.put("port", assembly.server().port());
        m.put("streams", assignment.served());
        m.put("rejected", assignment.rejected());
        m.put("maxStreams", assembly.pipeline().maxStreams());
        LoadedModel model = assembly.pipeline().registry().active();
        m.put("model", model == null ? null : model.spec().name() + " " + model.spec().version());
        m.put("lag", assignment.lag());
        m.put("suspended", assignment.suspended());
        m.put("lastSeenMs", System.currentTimeMillis());
        return m;
    }

    public StreamAssignment assignment() {
        return assignment;
    }

    @Override
    public synchronized void close() {
        if (assignment != null) {
            assignment.close();
        }
        if (announcer != null) {
            announcer.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (api != null) {
            api.shutdownNow();
        }
        if (directory != null) {
            directory.close();
        }
    }
}
