package dev.actionstream.runtime.server;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.models.ModelInfo;
import dev.actionstream.runtime.status.RuntimeStatus;
import dev.actionstream.runtime.status.StreamState;
import dev.actionstream.runtime.status.StreamStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Shared bits of the real-socket tests. */
final class ServerTesting {

    private ServerTesting() {
    }

    /** Any free port on loopback, small limits so tests hit them quickly. */
    static RuntimeConfig.Server config() {
        return new RuntimeConfig.Server("127.0.0.1", 0, "", List.of(), false, 256L << 10, 64 << 10, 300L, 4096);
    }

    static RuntimeStatus status() {
        ModelInfo model = new ModelInfo("base.onnx", "base.onnx", "1", "CONVLSTM", List.of("waving", "walking"), 16, 32,
                32, "models/base.onnx", true, "2026-11-26T13:00:00Z");
        StreamStatus cam = new StreamStatus("cam1", "synthetic:64x64@25", StreamState.RUNNING, 25.0, 1000, 3, 0, 240, 4,
                "waving", 0.91, null);
        return new RuntimeStatus(List.of(cam), model, "CPU", 2, List.of("bad.onnx: output shape mismatch"), 40_000);
    }

    static EventServer start(RuntimeConfig.Server config, InMemoryModels models, PrometheusMeterRegistry registry) {
        return start(config, ServerTesting::status, models, registry);
    }

    static EventServer start(RuntimeConfig.Server config, RuntimeStatus.Source status, InMemoryModels models,
                             PrometheusMeterRegistry registry) {
        EventServer server = new EventServer(config, status, models, registry);
        server.start();
        return server;
    }

    /** {@link #status()} with these streams, each in {@code state}. */
    static RuntimeStatus status(String state, String... streams) {
        RuntimeStatus base = status();
        List<StreamStatus> list = new java.util.ArrayList<>();
        for (String name : streams) {
            list.add(new StreamStatus(name, "synthetic:64x64@25", StreamState.of(state), 25.0, 1000, 3, 0, 240, 4, "waving", 0.91,
                    null));
        }
        return new RuntimeStatus(list, base.model(), base.executionProvider(), base.modelSwaps(),
                base.recentModelErrors(), base.uptimeMillis());
    }

    static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Waits for a condition that the server reaches asynchronously; fails after 10 s (a hang, not a timing check). */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

    static double counter(PrometheusMeterRegistry registry, String name) {
        var c = registry.find(name).counter();
        return c == null ? Double.NaN : c.count();
    }
}
