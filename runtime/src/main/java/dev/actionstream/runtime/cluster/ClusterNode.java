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
 *  models topic ──latest──▶ FleetModels ──install (validate, warm up, swap)──▶ ModelRegistry
 *  /api/streams (ClusterRoutes) ──▶ StreamDirectory ──▶ streams topic
 * </pre>
 *
 * {@link #prepare} goes before the assembly starts (the event sink, the routes, an empty pipeline), {@link #start}
 * after; {@link #close} before the assembly's: the node stops its streams and leaves the group first, so the
 * others take them over at once.
 */
public final class ClusterNode implements AutoCloseable {

    private final ClusterSettings settings;
    private final ServeAssembly assembly;
    private final StreamDirectory directory;
    private StreamAssignment assignment;
    private NodeAnnouncer announcer;
    private final FleetView fleet;
    private FleetModels models;
    private final ExecutorService api;

    private ClusterNode(ClusterSettings settings, ServeAssembly assembly) {
        this.settings = settings;
        this.assembly = assembly;
        this.directory = new StreamDirectory(settings);
        this.fleet = new FleetView(settings);
        this.api = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), r -> {
            Thread t = new Thread(r, "cluster-api");
            t.setDaemon(true);
            return t;
        });
        assembly.withRoutes(new ClusterRoutes(settings.nodeId(), fleet, directory, api)::register);
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
        fleet.start();
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
        models = new FleetModels(settings, assembly.pipeline(), assembly.pipeline().registry().dir()).start();
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
        m.put("modelError", models.lastError());
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
        if (models != null) {
            models.close();
        }
        fleet.close();
        api.shutdownNow();
        directory.close();
    }
}
