package dev.actionstream.tools.load;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.metrics.LatencyHistogram;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.source.StreamGrabber;
import dev.actionstream.runtime.scoring.StreamScoring;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.status.StreamState;
import io.micrometer.core.instrument.DistributionSummary;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One load trial: N streams of one source through a fresh, real {@link Pipeline} (model loaded and warmed up, ring,
 * scoring thread, post-processing, events into a counting sink; no server), a warm-up, then a measured phase.
 *
 * <pre>
 *  N x source ──▶ grab-s0..s(N-1) ──▶ FrameRing ──▶ score-0 ──▶ counting sink
 *                    │ frames in, dropped              │ windows, capture→event latency (every window)
 *                    └─────────────────────────────────┘ read at the start and end of the measured phase
 * </pre>
 */
public final class LoadTrial {

    private final Path model;
    private final String source;
    private final SourceOpener opener;
    private final boolean paced;
    private final int stride;
    private final RuntimeConfig.Scoring scoring;
    private final Duration warmup;
    private final Duration duration;
    private final RealTimeCriteria criteria;

    /**
     * @param source what each stream's config names (e.g. {@code synthetic:640x480@30} or a file)
     * @param opener opens each stream's input (a replay of pre-rendered frames, or the standard opener)
     */
    public LoadTrial(Path model, String source, SourceOpener opener, boolean paced, int stride,
                     RuntimeConfig.Scoring scoring, Duration warmup, Duration duration, RealTimeCriteria criteria) {
        this.model = Objects.requireNonNull(model, "model");
        this.source = Objects.requireNonNull(source, "source");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.paced = paced;
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be > 0, got " + stride);
        }
        this.stride = stride;
        this.scoring = Objects.requireNonNull(scoring, "scoring");
        this.warmup = Objects.requireNonNull(warmup, "warmup");
        this.duration = Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0");
        }
        this.criteria = Objects.requireNonNull(criteria, "criteria");
    }

    /** The pipeline's configuration for {@code streams} streams (also what a user would pass to {@code serve}). */
    public RuntimeConfig config(int streams) {
        List<RuntimeConfig.Stream> list = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            list.add(new RuntimeConfig.Stream("s" + i, source, stride, true, paced));
        }
        RuntimeConfig d = RuntimeConfig.defaults();
        Path dir = model.toAbsolutePath().getParent();
        return new RuntimeConfig(d.server(), list, d.pipeline(), scoring, d.events(),
                new RuntimeConfig.Models(dir.toString(), false));
    }

    /**
     * Runs {@code streams} streams for the warm-up and the measured phase.
     *
     * @throws ModelRejectedException when the model cannot be loaded
     */
    public TrialResult run(int streams) throws ModelRejectedException, InterruptedException {
        if (streams <= 0) {
            throw new IllegalArgumentException("streams must be > 0, got " + streams);
        }
        // Garbage from the previous trial is not this trial's.
        System.gc();
        RuntimeMetrics metrics = new RuntimeMetrics();
        AtomicLong events = new AtomicLong();
        Mark start;
        Mark end;
        long consumerErrors;
        try (Pipeline pipeline = new Pipeline(config(streams), model, metrics, opener)) {
            pipeline.start(event -> events.incrementAndGet());
            Thread.sleep(warmup.toMillis());
            start = Mark.take(pipeline, metrics);
            Thread.sleep(duration.toMillis());
            end = Mark.take(pipeline, metrics);
            consumerErrors = pipeline.consumerErrors() - start.consumerErrors;
            for (StreamGrabber g : pipeline.grabbers()) {
                if (g.state() == StreamState.FAILED) {
                    throw new IllegalStateException("stream " + g.name() + " failed: " + g.lastError());
                }
            }
        }
        return result(streams, start, end, consumerErrors);
    }

    private TrialResult result(int streams, Mark a, Mark b, long consumerErrors) {
        double seconds = (b.nanos - a.nanos) / 1e9;
        long frames = 0;
        long dropped = 0;
        long skipped = 0;
        long windows = 0;
        double minFps = Double.MAX_VALUE;
        for (int i = 0; i < streams; i++) {
            long in = b.framesIn[i] - a.framesIn[i];
            frames += in;
            dropped += b.dropped[i] - a.dropped[i];
            skipped += b.skipped[i] - a.skipped[i];
            windows += b.windows[i] - a.windows[i];
            minFps = Math.min(minFps, in / seconds);
        }
        LatencyHistogram.Snapshot latency = b.latency.minus(a.latency);
        double dropPercent = frames == 0 ? 100 : 100.0 * dropped / (frames);
        double p99 = latency.percentileMillis(0.99);
        long runs = b.inference.count - a.inference.count;
        double cores = (b.cpuNanos - a.cpuNanos) / 1e9 / seconds;
        int processors = Runtime.getRuntime().availableProcessors();
        List<String> failures = criteria.failures(minFps, dropPercent, p99, windows, consumerErrors);
        boolean realTime = paced && failures.isEmpty();
        String verdict = !paced ? "unpaced (throughput)" : realTime ? "real time" : String.join("; ", failures);
        return new TrialResult(streams, seconds, frames / seconds, minFps, windows / seconds, windows,
                latency.percentileMillis(0.5), latency.percentileMillis(0.95), p99, latency.maxMillis(), dropped,
                dropPercent, frames == 0 ? 0 : 100.0 * skipped / frames, runs, runs == 0 ? 0 : (double) windows / runs, mean(b.inference, a.inference) / 1e3,
                b.encode.count - a.encode.count, mean(b.encode, a.encode) / 1e3, mean(b.prepare, a.prepare), cores,
                100 * cores / processors,
                frames == 0 ? 0 : cores * 1_000 * seconds / frames,
                b.heapUsed / (1024.0 * 1024.0), b.gcCount - a.gcCount, b.gcMillis - a.gcMillis,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), consumerErrors, realTime, verdict,
                stages(a, b, frames));
    }

    private static TrialResult.StageCosts stages(Mark a, Mark b, long frames) {
        if (frames == 0) {
            return new TrialResult.StageCosts(0, 0, 0, 0, 0, 0);
        }
        double perFrame = 1e6 * frames;
        double prepare = (b.prepare.total - a.prepare.total) * 1e3;
        double ring = (b.ring.total - a.ring.total) * 1e3;
        double publish = (b.post.total - a.post.total) * 1e3;
        double grab = b.grabCpuNanos - a.grabCpuNanos;
        double score = b.scoreCpuNanos - a.scoreCpuNanos;
        double decode = Math.max(0, grab - prepare - ring);
        double scoring = Math.max(0, score - publish);
        double other = Math.max(0, (b.cpuNanos - a.cpuNanos) - grab - score);
        return new TrialResult.StageCosts(decode / perFrame, prepare / perFrame, ring / perFrame,
                scoring / perFrame, publish / perFrame, other / perFrame);
    }

    /** Counters at one moment of a trial. */
    private record Mark(long nanos, long[] framesIn, long[] dropped, long[] skipped, long[] windows, LatencyHistogram.Snapshot latency,
                        Sum inference, Sum encode, Sum prepare, Sum ring, Sum post, long cpuNanos,
                        long grabCpuNanos, long scoreCpuNanos, long gcCount, long gcMillis,
                        long heapUsed,
                        long consumerErrors) {

        static Mark take(Pipeline pipeline, RuntimeMetrics metrics) {
            List<StreamGrabber> grabbers = pipeline.grabbers();
            List<StreamScoring> scoring = pipeline.scoring();
            long[] in = new long[grabbers.size()];
            long[] dropped = new long[grabbers.size()];
            long[] skipped = new long[grabbers.size()];
            long[] windows = new long[grabbers.size()];
            for (int i = 0; i < in.length; i++) {
                in[i] = grabbers.get(i).framesIn();
                dropped[i] = grabbers.get(i).framesDropped();
                skipped[i] = grabbers.get(i).framesSkipped();
                windows[i] = scoring.get(i).windowsScored();
            }
            long gcCount = 0;
            long gcMillis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                gcCount += Math.max(0, gc.getCollectionCount());
                gcMillis += Math.max(0, gc.getCollectionTime());
            }
            return new Mark(System.nanoTime(), in, dropped, skipped, windows, metrics.windowLatency().snapshot(),
                    Sum.of(metrics.inferenceMicros()), Sum.of(metrics.encodeMicros()), Sum.of(metrics.prepareMicros()),
                    Sum.of(metrics.ringMicros()), Sum.of(metrics.postMicros()), processCpuNanos(),
                    threadCpuNanos(GRABBER_THREADS), threadCpuNanos(SCORING_THREADS), gcCount, gcMillis,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), pipeline.consumerErrors());
        }
    }

    /** A distribution's count and total so far. */
    private record Sum(long count, double total) {
        static Sum of(DistributionSummary d) {
            return new Sum(d.count(), d.totalAmount());
        }
    }

    private static double mean(Sum b, Sum a) {
        long n = b.count - a.count;
        return n == 0 ? 0 : (b.total - a.total) / n;
    }

    /** The pipeline's threads by name: {@code grab-<stream>}, and {@code score-0} with its part runners. */
    private static final String[] GRABBER_THREADS = {"grab-"};
    private static final String[] SCORING_THREADS = {"score-", "scoring-part-"};

    /** CPU time so far of the live threads whose name starts with one of {@code prefixes}. */
    private static long threadCpuNanos(String[] prefixes) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith(prefixes[0]) || prefixes.length > 1 && name.startsWith(prefixes[1])) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
