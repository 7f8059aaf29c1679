package dev.actionstream.runtime.pipeline;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.status.StreamStatus;
import dev.actionstream.runtime.fixtures.CollectingSink;
import dev.actionstream.runtime.fixtures.TestModels;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: measures the pipeline's throughput on N synthetic streams with the colour test model (so the number
 * is the pipeline's own cost: render, prepare, ring, windows, batching, ONNX Runtime call overhead, events).
 *
 * <pre>
 * mvn -B -o -q -pl runtime test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp runtime/target/test-classes:runtime/target/classes:$(cat /tmp/cp.txt) \
 *     dev.actionstream.runtime.pipeline.ThroughputProbe STREAMS SOURCE SECONDS T SIZE
 * e.g. ... ThroughputProbe 4 synthetic:160x120@25 20 16 64
 * </pre>
 */
public final class ThroughputProbe {

    private ThroughputProbe() {
    }

    public static void main(String[] args) throws Exception {
        int streams = Integer.parseInt(args[0]);
        String source = args[1];
        int seconds = Integer.parseInt(args[2]);
        int t = Integer.parseInt(args[3]);
        int size = Integer.parseInt(args[4]);
        Path dir = Files.createTempDirectory("probe");
        Path model = TestModels.colour(dir.resolve("colour.onnx"), "colour", "1", t, size, size);
        List<RuntimeConfig.Stream> list = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            list.add(new RuntimeConfig.Stream("s" + i, source, 1, false, true));
        }
        RuntimeConfig d = RuntimeConfig.defaults();
        RuntimeConfig config = new RuntimeConfig(d.server(), list, d.pipeline(),
                new RuntimeConfig.Scoring("cpu", 0, 1, 16, 0), d.events(),
                new RuntimeConfig.Models(dir.toString(), false));
        RuntimeMetrics metrics = new RuntimeMetrics();
        CollectingSink sink = new CollectingSink();
        Pipeline p = new Pipeline(config, model, metrics, SourceOpener.standard(config.pipeline()));
        p.start(sink);
        Thread.sleep(2_000);
        long frames0 = frames(p);
        long windows0 = windows(p);
        long runs0 = metrics.inference().count();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1_000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long frames = frames(p) - frames0;
        long windows = windows(p) - windows0;
        long runs = metrics.inference().count() - runs0;
        long dropped = p.snapshot().streams().stream().mapToLong(StreamStatus::framesDropped).sum();
        p.close();
        System.out.printf(Locale.ROOT, "%d x %s, T=%d, %dx%d model input, %.1f s: %.1f frames/s in, %.1f windows/s scored, "
                        + "%d dropped, %.2f windows per inference run, inference mean %.2f ms, prepare mean %.0f us, "
                        + "capture->event p50 %.1f ms p99 %.1f ms%n",
                streams, source, t, size, size, elapsed, frames / elapsed, windows / elapsed, dropped,
                runs == 0 ? 0 : (double) windows / runs, metrics.inference().mean(TimeUnit.MILLISECONDS),
                metrics.prepareMicros().mean(), percentile(metrics, 0.5), percentile(metrics, 0.99));
    }

    private static double percentile(RuntimeMetrics m, double p) {
        for (ValueAtPercentile v : m.eventLatency().takeSnapshot().percentileValues()) {
            if (v.percentile() == p) {
                return v.value(TimeUnit.MILLISECONDS);
            }
        }
        return m.eventLatency().takeSnapshot().histogramCounts().length == 0 ? Double.NaN
                : histogramPercentile(m, p);
    }

    private static double histogramPercentile(RuntimeMetrics m, double p) {
        var snap = m.eventLatency().takeSnapshot();
        double total = snap.count();
        for (var bucket : snap.histogramCounts()) {
            if (bucket.count() >= p * total) {
                return bucket.bucket(TimeUnit.MILLISECONDS);
            }
        }
        return Double.NaN;
    }

    private static long frames(Pipeline p) {
        return p.snapshot().streams().stream().mapToLong(StreamStatus::framesIn).sum();
    }

    private static long windows(Pipeline p) {
        return p.snapshot().streams().stream().mapToLong(StreamStatus::windowsScored).sum();
    }
}
