package dev.actionstream.runtime.view;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.server.EventServer;
import dev.actionstream.runtime.models.ModelControl;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.models.ModelInfo;
import dev.actionstream.runtime.status.RuntimeStatus;
import dev.actionstream.runtime.status.StreamState;
import dev.actionstream.runtime.status.StreamStatus;
import dev.actionstream.synth.Action;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A real event server with the live view on it, for view tests; streams are fed by {@link SyntheticFeeder}s. */
final class ViewTesting implements AutoCloseable {

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final LiveView view;
    final EventServer server;
    final List<SyntheticFeeder> feeders = new ArrayList<>();

    ViewTesting(List<String> streams, ViewSettings settings, int bufferBytes) {
        view = new LiveView(streams, settings, registry);
        RuntimeConfig.Server config = new RuntimeConfig.Server("127.0.0.1", 0, "", List.of(), false, 1L << 20,
                bufferBytes, 5_000L, 64);
        server = new EventServer(config, this::status, new OneModel(), registry);
        new ViewRoutes(view).register(server.router());
        server.start();
        view.start();
    }

    SyntheticFeeder feed(SyntheticFeeder feeder) {
        feeders.add(feeder.start());
        return feeder;
    }

    int port() {
        return server.port();
    }

    double counter(String name) {
        var c = registry.find(name).counter();
        return c == null ? Double.NaN : c.count();
    }

    private RuntimeStatus status() {
        List<StreamStatus> streams = new ArrayList<>();
        for (String name : view.streamNames()) {
            SyntheticFeeder f = feeders.stream().filter(x -> x.stream().equals(name)).findFirst().orElse(null);
            var label = view.latestLabel(name);
            streams.add(new StreamStatus(name, "synthetic", f == null ? StreamState.STARTING : StreamState.RUNNING, f == null ? 0 : 25,
                    f == null ? 0 : f.frames(), 0, 0, label == null ? 0 : label.sequence(), 1,
                    label == null ? null : label.label(), label == null ? 0 : label.confidence(), ""));
        }
        return new RuntimeStatus(streams, OneModel.INFO, "CPU", 0, List.of(), 1_000);
    }

    @Override
    public void close() throws InterruptedException {
        for (SyntheticFeeder f : feeders) {
            f.close();
        }
        view.close();
        server.close();
    }

    /** Waits for something asynchronous; fails after 20 s (a hang, not a timing check). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    /** The one model the page lists; uploads are refused (the upload path has its own server tests). */
    static final class OneModel implements ModelControl {
        static final ModelInfo INFO = new ModelInfo("synthetic-truth.onnx", "synthetic-truth.onnx", "1", "CONVLSTM",
                Action.labels(), 16, 64, 64, "models/synthetic-truth.onnx", true, "2026-11-26T13:00:00Z");

        @Override
        public List<ModelInfo> models() {
            return List.of(INFO);
        }

        @Override
        public ModelInfo install(String fileName, Path uploaded) throws ModelRejectedException {
            throw new ModelRejectedException("this test runtime takes no uploads");
        }

        @Override
        public ModelInfo activate(String name) throws ModelRejectedException {
            if (!INFO.name().equals(name)) {
                throw new ModelRejectedException("no such model " + name);
            }
            return INFO;
        }
    }
}
