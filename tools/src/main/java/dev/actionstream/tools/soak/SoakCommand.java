package dev.actionstream.tools.soak;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.metrics.RuntimeMetrics;
import dev.actionstream.runtime.metrics.TimerBuckets;
import dev.actionstream.runtime.app.ServeAssembly;
import dev.actionstream.runtime.pipeline.Pipeline;
import dev.actionstream.runtime.server.EventServer;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.models.ModelRejectedException;
import dev.actionstream.runtime.status.RuntimeStatus;
import dev.actionstream.runtime.status.StreamState;
import dev.actionstream.runtime.status.StreamStatus;
import io.micrometer.core.instrument.Counter;
import org.bytedeco.ffmpeg.global.avutil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code soak}: the real pipeline for a bounded time with faults injected on a schedule, to show that the runtime
 * can run unattended. Streams: {@code --streams} synthetic ones plus, where GStreamer's RTSP server can run, an RTSP
 * camera in a child process. Faults, one every {@code --fault-every}, in turn: the RTSP server is killed (SIGKILL)
 * and started again {@code --rtsp-down} later; a garbage file (with a greedy model beside it: valid ONNX whose spec
 * asks for 1024x1024 frames, which must be rejected without resident memory growing) and then a good model appear in
 * the watched models directory; a WebSocket client connects and never reads; a batch of clients trickle request
 * bodies a byte a second (half with the token). An authenticated client asks for {@code /api/status} every second and
 * must never get a 503. Every {@code --sample-every} it forces a GC and records
 * the heap, threads, capture→event latency p50/p99 of the interval, frames, drops, decode errors, swaps,
 * rejections and what a well-behaved WebSocket client received; it prints a table, writes a CSV and ends with
 * checks (exit 0 when all hold).
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Runs the pipeline for a bounded time with faults injected (RTSP camera killed and restarted, "
                + "garbage and good models dropped in, slow WebSocket clients, slow request bodies); samples heap after "
                + "GC, threads, "
                + "latency, drops and swaps; prints a table and writes a CSV.")
public final class SoakCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "Exported .onnx model (full form).")
    private Path model;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to run: 10m, 90s, 1h (default ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "3", description = "Synthetic streams (default ${DEFAULT-VALUE}).")
    private int syntheticStreams;

    @Option(names = "--synthetic", defaultValue = "synthetic:160x120@25", paramLabel = "SRC",
            description = "Source of each synthetic stream (default ${DEFAULT-VALUE}).")
    private String synthetic;

    @Option(names = "--stride", paramLabel = "N", defaultValue = "10", description = "Score every N-th window (default ${DEFAULT-VALUE}).")
    private int stride;

    @Option(names = "--sample-every", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Sampling period (default ${DEFAULT-VALUE}).")
    private Duration sampleEvery;

    @Option(names = "--fault-every", paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
            description = "Period between injected faults (default ${DEFAULT-VALUE}).")
    private Duration faultEvery;

    @Option(names = "--rtsp-down", paramLabel = "TIME", defaultValue = "5s", converter = DurationConverter.class,
            description = "How long the killed RTSP server stays away (default ${DEFAULT-VALUE}).")
    private Duration rtspDown;

    @Option(names = "--no-rtsp", description = "Synthetic streams only, even where an RTSP server could run.")
    private boolean noRtsp;

    @Option(names = "--csv", defaultValue = "target/soak.csv", paramLabel = "FILE",
            description = "Where the samples go (default ${DEFAULT-VALUE}).")
    private Path csv;

    @Option(names = "--execution-provider", defaultValue = "cpu", paramLabel = "EP",
            description = "auto, cuda or cpu (default ${DEFAULT-VALUE}).")
    private String executionProvider;

    @Option(names = "--max-heap-growth-mb", paramLabel = "MB", defaultValue = "64",
            description = "Check: heap after GC may grow at most this much over the first sample (default ${DEFAULT-VALUE}).")
    private double maxHeapGrowthMb;

    @Option(names = "--max-rss-drift-pct", paramLabel = "PCT", defaultValue = "5",
            description = "Check: after --warmup, resident memory (each sample as the median of it and its neighbours) stays "
                    + "within this many percent of where it stood right after the warm-up (default ${DEFAULT-VALUE}).")
    private double maxRssDriftPct;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "150s", converter = DurationConverter.class,
            description = "Samples before this are warm-up and are left out of the resident memory check (default "
                    + "${DEFAULT-VALUE}: one round of all five faults at the default --fault-every, because the first "
                    + "swap frees what start-up held and each fault's first run loads and compiles its code).")
    private Duration warmup;

    @Option(names = "--max-p99-ms", paramLabel = "MS", defaultValue = "2000",
            description = "Check: latency p99 of every interval at most this (default ${DEFAULT-VALUE}).")
    private double maxP99Ms;

    @Option(names = "--max-resume-ms", paramLabel = "MS", defaultValue = "5000",
            description = "Check: frames again at most this long after the RTSP server returns (default ${DEFAULT-VALUE}).")
    private long maxResumeMs;

    private final Random random = new Random(42);

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(model)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such model file: " + model);
        }
        Path csvFolder = csv.toAbsolutePath().getParent();
        if (csvFolder != null) {
            Files.createDirectories(csvFolder);
        }
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
        Path work = Files.createTempDirectory("actionstream-soak-");
        Path models = Files.createDirectories(work.resolve("models"));
        Path base = Files.copy(model, models.resolve("base.onnx"));

        SoakRtspServer rtsp = null;
        String rtspNote;
        String reason = noRtsp ? "--no-rtsp" : SoakRtspServer.unavailableReason();
        if (reason == null) {
            rtsp = SoakRtspServer.start(work, "0xff00ff00");
            rtspNote = "RTSP camera " + rtsp.url() + " (GStreamer, child process)";
        } else {
            rtspNote = "no RTSP stream (" + reason + "): synthetic streams only";
        }
        List<RuntimeConfig.Stream> streams = new ArrayList<>();
        for (int i = 0; i < syntheticStreams; i++) {
            streams.add(new RuntimeConfig.Stream("synth" + i, synthetic, stride, false, true));
        }
        if (rtsp != null) {
            streams.add(new RuntimeConfig.Stream("rtsp", rtsp.url(), stride, false, true));
        }
        RuntimeConfig d = RuntimeConfig.defaults();
        RuntimeConfig config = new RuntimeConfig(d.server().withPort(0).withAuthToken(TOKEN), streams, d.pipeline(),
                d.scoring().withExecutionProvider(executionProvider),
                d.events().withPeriodicHz(5.0),
                new RuntimeConfig.Models(models.toString(), true));
        RuntimeMetrics metrics = new RuntimeMetrics();
        Pipeline pipeline;
        try {
            pipeline = new Pipeline(config, base, metrics, SourceOpener.standard(config.pipeline()));
        } catch (ModelRejectedException e) {
            if (rtsp != null) {
                rtsp.close();
            }
            spec.commandLine().getErr().println("model not usable: " + e.getMessage());
            return 1;
        }
        Run run = new Run(pipeline, metrics, rtsp, models, base, out);
        try (ServeAssembly serving = new ServeAssembly(pipeline);
             PrintWriter rows = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8))) {
            serving.start();
            EventServer server = serving.server();
            out.printf(Locale.ROOT, "soak: %s, %d synthetic stream(s) %s stride %d, %s; model %s; %s; server port %d%n",
                    duration, syntheticStreams, synthetic, stride, rtspNote, pipeline.registry().active(),
                    pipeline.snapshot().executionProvider(), server.port());
            out.println(SoakSample.TABLE_HEADER);
            out.flush();
            rows.println(SoakSample.CSV_HEADER);
            run.loop(server, rows);
        } finally {
            run.closeClients();
            if (rtsp != null) {
                rtsp.close();
            }
            deleteQuietly(work);
        }
        boolean ok = run.summarise();
        out.printf("samples: %s%n", csv.toAbsolutePath());
        out.flush();
        return ok ? 0 : 1;
    }

    /** Removes the soak's scratch directory (models dropped in, the server script); leftovers are only clutter. */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Temporary files; the OS cleans its temp directory.
        }
    }

    /** The soak's server requires a token, so its well-behaved clients are the authenticated ones. */
    static final String TOKEN = "soak-" + Long.toHexString(new SecureRandom().nextLong());
    /** Slow-body connections opened per slow-body fault. */
    static final int SLOW_BODIES_PER_FAULT = 32;
    static final long STATUS_POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The state of one soak run: schedule, faults injected so far, samples. */
    private final class Run {

        private final Pipeline pipeline;
        private final RuntimeMetrics metrics;
        private final SoakRtspServer rtsp;
        private final Path models;
        private final Path base;
        private final PrintWriter out;
        private final List<SoakSample> samples = new ArrayList<>();
        private final List<Long> resumeMillis = new ArrayList<>();
        private final List<SlowWebSocketClient> slowClients = new ArrayList<>();
        private final List<SlowBodyClient> slowBodies = new ArrayList<>();
        private final HttpClient statusClient = HttpClient.newHttpClient();
        private long statusOk;
        private long status503;
        private long statusOther;
        private long nextStatusPoll;
        private long nextTrickle;
        private final AtomicLong clientEvents = new AtomicLong();
        private final AtomicBoolean clientClosed = new AtomicBoolean();
        private WebSocket client;
        /** Whether the well-behaved client was disconnected before the soak ended (not by our own close). */
        private boolean clientLost;
        private int faultIndex;
        private int rtspKills;
        private int garbageModels;
        private int goodModels;
        private int greedyModels;
        private int greedyRejected;
        private long greedyRssGrowthKb;
        private String lastFault = "-";
        private long rtspBackAt;
        private long rtspReturnedAt;
        private long rtspFramesAtReturn;
        private long started;

        Run(Pipeline pipeline, RuntimeMetrics metrics, SoakRtspServer rtsp, Path models, Path base, PrintWriter out) {
            this.pipeline = pipeline;
            this.metrics = metrics;
            this.rtsp = rtsp;
            this.models = models;
            this.base = base;
            this.out = out;
        }

        void loop(EventServer server, PrintWriter rows) throws Exception {
            client = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws?token=" + TOKEN),
                            new CountingListener())
                    .get(10, TimeUnit.SECONDS);
            started = System.nanoTime();
            long end = started + duration.toNanos();
            long nextSample = started + sampleEvery.toNanos();
            // Faults fall mid-interval, so the row that names a fault also shows what it did.
            long nextFault = started + Math.max(faultEvery.toNanos() - sampleEvery.toNanos() / 2,
                    sampleEvery.toNanos() / 2);
            TimerBuckets latency = TimerBuckets.of(metrics.eventLatency());
            long[] previous = {0, 0, 0};
            long now;
            while ((now = System.nanoTime()) < end) {
                followRtsp(now);
                trickleAndPoll(server.port(), now);
                if (now >= nextFault) {
                    String fault = injectFault(server.port());
                    lastFault = lastFault.equals("-") ? fault : lastFault + "+" + fault;
                    nextFault += faultEvery.toNanos();
                }
                if (now >= nextSample) {
                    TimerBuckets current = TimerBuckets.of(metrics.eventLatency());
                    SoakSample s = sample(server, current.minus(latency), previous);
                    latency = current;
                    samples.add(s);
                    rows.println(s.csv());
                    rows.flush();
                    out.println(s.tableRow());
                    out.flush();
                    lastFault = "-";
                    nextSample += sampleEvery.toNanos();
                }
                Thread.sleep(50);
            }
            settle();
            clientLost = clientClosed.get();
        }

        /** Feeds the slow bodies a byte a second each, and asks for the status as an authenticated client would. */
        private void trickleAndPoll(int port, long now) {
            if (now >= nextTrickle) {
                nextTrickle = now + STATUS_POLL_NANOS;
                slowBodies.forEach(SlowBodyClient::trickle);
            }
            if (now >= nextStatusPoll) {
                nextStatusPoll = now + STATUS_POLL_NANOS;
                try {
                    int code = statusClient.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/api/status"))
                            .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (code == 200) {
                        statusOk++;
                    } else if (code == 503) {
                        status503++;
                    } else {
                        statusOther++;
                    }
                } catch (IOException e) {
                    statusOther++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Restarts a killed RTSP server when its time is up, and times how long the stream takes to run again. */
        private void followRtsp(long now) throws IOException, InterruptedException {
            if (rtsp == null) {
                return;
            }
            if (rtspBackAt != 0 && now >= rtspBackAt) {
                rtspBackAt = 0;
                rtsp.restart();
                rtspReturnedAt = System.nanoTime();
                rtspFramesAtReturn = rtspStream().framesIn();
            }
            if (rtspReturnedAt != 0) {
                StreamStatus s = rtspStream();
                if (s.state() == StreamState.RUNNING && s.framesIn() > rtspFramesAtReturn) {
                    resumeMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rtspReturnedAt));
                    rtspReturnedAt = 0;
                }
            }
        }

        private StreamStatus rtspStream() {
            return pipeline.snapshot().streams().stream().filter(s -> s.name().equals("rtsp")).findFirst()
                    .orElseThrow();
        }

        private String injectFault(int port) throws Exception {
            int kinds = rtsp == null ? 4 : 5;
            int kind = faultIndex++ % kinds + (rtsp == null ? 1 : 0);
            switch (kind) {
                case 0 -> {
                    if (rtspBackAt != 0 || rtspReturnedAt != 0) {
                        return "rtsp-busy";
                    }
                    rtsp.kill();
                    rtspKills++;
                    rtspBackAt = System.nanoTime() + rtspDown.toNanos();
                    return "rtsp-kill";
                }
                case 1 -> {
                    byte[] garbage = new byte[32 << 10];
                    random.nextBytes(garbage);
                    Path part = models.resolve(".garbage-" + garbageModels + ".part");
                    Files.write(part, garbage);
                    Files.move(part, models.resolve("garbage-" + garbageModels + ".onnx"),
                            StandardCopyOption.ATOMIC_MOVE);
                    garbageModels++;
                    return "garbage-model+" + dropGreedyModel();
                }
                case 2 -> {
                    // A new version of the serving file, as a retrain would drop it: the serving model is retired and
                    // closed every time. New names would instead fill the registry's cache of loaded models (up to
                    // 8, each with its session): memory meant to stay, which would hide a leak or fake one.
                    Path part = models.resolve(".good-" + goodModels + ".part");
                    Files.copy(base, part, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(part, base, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    goodModels++;
                    return "good-model";
                }
                case 3 -> {
                    slowClients.add(SlowWebSocketClient.connect(port, TOKEN));
                    return "slow-client";
                }
                default -> {
                    // Half trickle with the token (only the body deadline frees them), half without (refused 401).
                    for (int i = 0; i < SLOW_BODIES_PER_FAULT; i++) {
                        slowBodies.add(SlowBodyClient.connect(port, i % 2 == 0 ? TOKEN : ""));
                    }
                    return "slow-body";
                }
            }
        }

        private SoakSample sample(EventServer server, TimerBuckets latency, long[] previous) {
            System.gc();
            double heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            RuntimeStatus status = pipeline.snapshot();
            long frames = status.streams().stream().mapToLong(StreamStatus::framesIn).sum();
            long dropped = status.streams().stream().mapToLong(StreamStatus::framesDropped).sum();
            long decodeErrors = status.streams().stream().mapToLong(StreamStatus::decodeErrors).sum();
            long received = clientEvents.get();
            long rssKb = residentKb();
            SoakSample s = new SoakSample(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), heapMb,
                    rssKb < 0 ? -1 : rssKb / 1024.0, threads, latency.percentileMillis(0.5), latency.percentileMillis(0.99), latency.count(),
                    frames - previous[0], dropped - previous[1], decodeErrors, status.modelSwaps(),
                    (long) metrics.rejections().count(), server.subscriberCount(), stuckDisconnects(),
                    received - previous[2], rtsp == null ? "-" : rtspStream().state().id(), lastFault);
            previous[0] = frames;
            previous[1] = dropped;
            previous[2] = received;
            return s;
        }

        private long stuckDisconnects() {
            Counter c = metrics.registry().find("actionstream.ws.subscribers.disconnected").tag("reason", "stuck")
                    .counter();
            return c == null ? 0 : (long) c.count();
        }

        /** Gives the last model drops and RTSP return time to be seen before the checks. */
        private void settle() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline && (pipeline.snapshot().modelSwaps() < goodModels
                    || metrics.rejections().count() < garbageModels || rtspBackAt != 0 || rtspReturnedAt != 0)) {
                followRtsp(System.nanoTime());
                Thread.sleep(50);
            }
        }

        void closeClients() {
            if (client != null) {
                client.abort();
            }
            for (SlowWebSocketClient c : slowClients) {
                try {
                    c.close();
                } catch (IOException e) {
                    // Closing a socket the server may have dropped already.
                }
            }
            for (SlowBodyClient c : slowBodies) {
                try {
                    c.close();
                } catch (IOException e) {
                    // As above.
                }
            }
        }

        /** Prints the summary and the checks; true when every check holds. */
        boolean summarise() {
            if (samples.isEmpty()) {
                out.println("no samples: run longer than --sample-every");
                return false;
            }
            SoakSample first = samples.get(0);
            SoakSample last = samples.get(samples.size() - 1);
            double maxHeap = samples.stream().mapToDouble(SoakSample::heapAfterGcMb).max().orElse(0);
            int maxThreads = samples.stream().mapToInt(SoakSample::threads).max().orElse(0);
            double maxP99 = samples.stream().mapToDouble(SoakSample::latencyP99Ms).filter(v -> !Double.isNaN(v))
                    .max().orElse(Double.NaN);
            long frames = samples.stream().mapToLong(SoakSample::frames).sum();
            long dropped = samples.stream().mapToLong(SoakSample::dropped).sum();
            long events = samples.stream().mapToLong(SoakSample::events).sum();
            long quietIntervals = samples.stream().filter(s -> s.clientEvents() == 0).count();
            RuntimeStatus status = pipeline.snapshot();
            long swaps = status.modelSwaps();
            long rejections = (long) metrics.rejections().count();
            long maxResume = resumeMillis.stream().mapToLong(Long::longValue).max().orElse(0);

            out.println();
            out.printf(Locale.ROOT, "heap after GC: first %.1f MB, max %.1f MB, last %.1f MB (growth %.1f MB)%n",
                    first.heapAfterGcMb(), maxHeap, last.heapAfterGcMb(), maxHeap - first.heapAfterGcMb());
            List<SoakSample> settled = samples.stream()
                    .filter(x -> x.seconds() >= warmup.toSeconds() && x.residentMb() >= 0).toList();
            double[] rss = settled.stream().mapToDouble(SoakSample::residentMb).toArray();
            // The reference is a median like every point it is compared with: one sample taken during a swap would
            // otherwise set the level that the whole run is judged against.
            double rssBase = rss.length == 0 ? Double.NaN : median(Arrays.copyOf(rss, Math.min(3, rss.length)));
            double peakDrift = Arrays.stream(rss).map(x -> Math.abs(x - rssBase) / rssBase * 100).max()
                    .orElse(Double.NaN);
            // A sample taken while a swap holds the old and the new session is a peak, not drift: drift is what a
            // median of three neighbouring samples (30 s by default) still shows.
            double rssDrift = 0;
            for (int i = 0; i < rss.length; i++) {
                double[] near = Arrays.copyOfRange(rss, Math.max(0, i - 1), Math.min(rss.length, i + 2));
                Arrays.sort(near);
                rssDrift = Math.max(rssDrift, Math.abs(near[near.length / 2] - rssBase) / rssBase * 100);
            }
            out.printf(Locale.ROOT, "resident memory after %d s of warm-up: at first %.1f MB, min %.1f, max %.1f, last %.1f "
                            + "(drift %.1f %% by 3-sample medians, %.1f %% at the highest sample; trend %+.2f MB/min;"
                            + " %d samples)%n", warmup.toSeconds(), rssBase,
                    Arrays.stream(rss).min().orElse(Double.NaN), Arrays.stream(rss).max().orElse(Double.NaN),
                    rss.length == 0 ? Double.NaN : rss[rss.length - 1], rssDrift, peakDrift,
                    slopePerMinute(settled), settled.size());
            out.printf(Locale.ROOT, "threads: first %d, max %d, last %d%n", first.threads(), maxThreads,
                    last.threads());
            out.printf(Locale.ROOT, "latency capture→event: worst interval p99 %.0f ms over %d events%n", maxP99,
                    events);
            out.printf(Locale.ROOT, "frames: %d decoded, %d dropped at the ring (%.2f %%), %d decode errors%n", frames,
                    dropped, frames == 0 ? 0.0 : 100.0 * dropped / frames, last.decodeErrors());
            out.printf(Locale.ROOT, "faults: RTSP kills %d (frames again after %s ms), garbage models %d (rejections "
                            + "%d), good models %d (swaps %d), slow clients %d (disconnected as stuck %d)%n",
                    rtspKills, resumeMillis, garbageModels, rejections - greedyRejected, goodModels, swaps, slowClients.size(),
                    stuckDisconnects());
            out.printf(Locale.ROOT, "well-behaved client: %d events, %s, %d interval(s) without events%n",
                    clientEvents.get(), clientLost ? "DISCONNECTED" : "connected throughout", quietIntervals);
            long slowBodiesClosed = slowBodies.stream().filter(SlowBodyClient::closedByServer).count();
            out.printf(Locale.ROOT, "slow bodies: %d opened, %d closed by the server; authenticated /api/status: %d ok, "
                    + "%d 503, %d other%n", slowBodies.size(), slowBodiesClosed, statusOk, status503, statusOther);
            out.printf(Locale.ROOT, "scoring errors: %d%n", pipeline.consumerErrors());

            List<String> failed = new ArrayList<>();
            check(failed, maxHeap - first.heapAfterGcMb() <= maxHeapGrowthMb, "heap growth <= " + maxHeapGrowthMb + " MB");
            check(failed, !Double.isNaN(maxP99) && maxP99 <= maxP99Ms, "events flowed, p99 <= " + maxP99Ms + " ms");
            check(failed, settled.size() >= 2 && rssDrift <= maxRssDriftPct,
                    "resident memory within " + maxRssDriftPct + " % after warm-up (2+ samples)");
            check(failed, swaps == goodModels, "every good model swapped in");
            check(failed, rejections == garbageModels + greedyModels, "every garbage model rejected");
            checkGreedyModels(failed);
            check(failed, resumeMillis.size() == rtspKills && maxResume <= maxResumeMs,
                    "RTSP back within " + maxResumeMs + " ms of every return");
            check(failed, !clientLost && quietIntervals == 0, "the well-behaved client got events throughout");
            check(failed, pipeline.consumerErrors() == 0, "no scoring errors");
            check(failed, statusOk > 0 && status503 == 0 && statusOther == 0,
                    "the authenticated client never got a 503 (or an error)");
            out.println(failed.isEmpty() ? "PASS" : "FAIL: " + String.join("; ", failed));
            return failed.isEmpty();
        }

        /**
         * Drops a model whose spec asks for 8 frames of 1024x1024 (3.2 GB of ring slots alone at the default ring)
         * and waits for its rejection, measuring resident memory before and after: accepted, it would take gigabytes.
         */
        private String dropGreedyModel() throws Exception {
            long before = residentKb();
            String name = "greedy-" + greedyModels + ".onnx";
            Path part = models.resolve(".greedy-" + greedyModels + ".part");
            Files.write(part, GreedyModelFile.bytes("greedy", 8, 1024));
            Files.move(part, models.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            greedyModels++;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (pipeline.registry().recentErrors().stream()
                        .anyMatch(e -> e.contains(name) && e.contains("models.maxFrameSide"))) {
                    greedyRejected++;
                    break;
                }
                Thread.sleep(20);
            }
            long after = residentKb();
            if (before > 0 && after > 0) {
                greedyRssGrowthKb = Math.max(greedyRssGrowthKb, after - before);
            }
            return "greedy-model";
        }

        private void checkGreedyModels(List<String> failed) {
            out.printf(Locale.ROOT, "greedy models: %d dropped, %d rejected naming models.maxFrameSide, resident "
                    + "memory grew at most %.1f MB across one%n", greedyModels, greedyRejected, greedyRssGrowthKb / 1024.0);
            check(failed, greedyRejected == greedyModels, "every greedy model rejected naming its limit");
            check(failed, greedyRssGrowthKb <= 256 * 1024, "resident memory within 256 MB across a greedy model");
        }

        /** Resident set size from /proc (Linux), or -1 where there is none. */
        private static long residentKb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Not Linux: the check then holds trivially, and the summary says 0.
            }
            return -1;
        }

        private void check(List<String> failed, boolean ok, String what) {
            out.printf("check %-55s %s%n", what, ok ? "ok" : "FAILED");
            if (!ok) {
                failed.add(what);
            }
        }

        /** The well-behaved subscriber: reads everything and counts. */
        private final class CountingListener implements WebSocket.Listener {
            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                if (last) {
                    clientEvents.incrementAndGet();
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
                clientClosed.set(true);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                clientClosed.set(true);
            }
        }
    }

    /** {@code 10m}, {@code 90s}, {@code 500ms}, {@code 1h}, or ISO-8601 ({@code PT10M}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Matcher m = DURATION.matcher(value.trim());
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            try {
                return Duration.parse(value.trim());
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (e.g. 10m, 90s, 500ms)");
            }
        }
    }

    /** Least-squares slope of resident memory over time, MB per minute: a leak shows as a steady positive trend. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static double slopePerMinute(List<SoakSample> samples) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double mx = samples.stream().mapToDouble(SoakSample::seconds).average().orElse(0);
        double my = samples.stream().mapToDouble(SoakSample::residentMb).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (SoakSample x : samples) {
            sxy += (x.seconds() - mx) * (x.residentMb() - my);
            sxx += (x.seconds() - mx) * (x.seconds() - mx);
        }
        return sxx == 0 ? 0 : sxy / sxx * 60;
    }
}
