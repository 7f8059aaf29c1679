package dev.actionstream.tools.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.actionstream.config.Architecture;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.cli.ShippedModels;
import dev.actionstream.runtime.source.SourceOpener;
import dev.actionstream.runtime.source.SourceSpec;
import dev.actionstream.runtime.models.ModelRejectedException;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench}: the end-to-end load harness. N concurrent streams through the real pipeline for a fixed time, or a
 * search for the largest N that stays real time; prints one table row per trial and optionally writes JSON.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"End-to-end load harness: N concurrent streams through the real pipeline (no server).",
                "Prints frames/s in, windows/s, capture->event latency percentiles over every scored window, dropped "
                        + "frames, CPU and heap; --search finds the largest N that stays real time."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE",
            description = "Exported .onnx model (a full model exported with its split form is served split).")
    private Path model;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "lrcn",
            description = "Without --model: the shipped examples/models/<ARCH>-synthetic.onnx, lrcn or convlstm "
                    + "(default: ${DEFAULT-VALUE}).")
    private String arch;

    @Option(names = "--streams", paramLabel = "N", defaultValue = "1",
            description = "Concurrent streams (default: ${DEFAULT-VALUE}); ignored with --search.")
    private int streams;

    @Option(names = "--search", description = "Find the largest N that stays real time (doubling, then bisection).")
    private boolean search;

    @Option(names = "--start", paramLabel = "N", defaultValue = "1",
            description = "--search: first N to try (default: ${DEFAULT-VALUE}).")
    private int start;

    @Option(names = "--max-streams", paramLabel = "N", defaultValue = "256",
            description = "--search: largest N to try (default: ${DEFAULT-VALUE}).")
    private int maxStreams;

    @Option(names = "--source", paramLabel = "SRC", defaultValue = "synthetic",
            description = "synthetic (the synthetic live source at --width x --height, pre-rendered raw frames), h264 "
                    + "(the same source encoded once as H.264 by ffmpeg/libx264 and decoded by every stream as serve "
                    + "decodes a camera) or a video file, played in a loop at its own size "
                    + "(default: ${DEFAULT-VALUE}).")
    private String source;

    @Option(names = "--h264-dir", paramLabel = "DIR",
            description = "h264: where the encoded file is kept and reused (default: <tmp>/actionstream-bench).")
    private Path h264Dir;

    @Option(names = "--h264-frames", paramLabel = "N", defaultValue = "300",
            description = "h264: frames in the encoded loop (default: ${DEFAULT-VALUE}).")
    private int h264Frames;

    @Option(names = "--h264-kbps", paramLabel = "KBPS", defaultValue = "1500",
            description = "h264: bit rate (default: ${DEFAULT-VALUE} kb/s).")
    private int h264Kbps;

    @Option(names = "--rtsp", description = "h264: the streams come from a local RTSP server (GStreamer, a child "
            + "process) sending the file re-encoded without B-frames, as a camera does, in a loop at its frame rate; "
            + "every stream opens it as serve opens a camera. The server's CPU is reported apart.")
    private boolean rtsp;

    @Option(names = "--decode-ceiling", description = "Encoded sources: also decode the same file alone (no "
            + "pipeline, one unpaced thread per core) before and after the trials, and give the result as a share "
            + "of that ceiling.")
    private boolean decodeCeiling;

    @Option(names = "--ceiling-duration", paramLabel = "TIME", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "--decode-ceiling: measured time of each decode-only phase (default: ${DEFAULT-VALUE}).")
    private Duration ceilingDuration;

    @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "640", description = "Synthetic frame width (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "480",
            description = "Synthetic frame height (default: ${DEFAULT-VALUE}).")
    private int height;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "30", description = "Frame rate of each stream, and what real time is "
            + "judged against (default: ${DEFAULT-VALUE}; a file source: its own rate).")
    private double fps;

    @Option(names = "--unpaced", description = "Feed frames as fast as the pipeline takes them (throughput; no "
            + "real-time verdict).")
    private boolean unpaced;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "20s", converter = DurationConverter.class,
            description = "Measured time per trial, e.g. 20s, 1m, 500ms (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "5s", converter = DurationConverter.class,
            description = "Unmeasured time before it (JIT, ONNX Runtime, windows filling) (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = "--stride", paramLabel = "N", defaultValue = "1",
            description = "Score every N-th window (default: ${DEFAULT-VALUE}).")
    private int stride;

    @Option(names = "--max-p99-ms", paramLabel = "MS", defaultValue = "250",
            description = "Real time also needs p99 capture->event latency <= MS (default: ${DEFAULT-VALUE}).")
    private double maxP99Ms;

    @Option(names = "--loop-frames", paramLabel = "N", defaultValue = "90",
            description = "Synthetic: frames rendered once and replayed by every stream (default: ${DEFAULT-VALUE}).")
    private int loopFrames;

    @Option(names = "--live-render", description = "Synthetic: render every frame live (measures the renderer too).")
    private boolean liveRender;

    @Option(names = "--execution-provider", paramLabel = "EP", defaultValue = "auto",
            description = "auto, cuda or cpu (default: ${DEFAULT-VALUE}).")
    private String executionProvider;

    @Option(names = "--max-batch", paramLabel = "N", description = "Windows per inference run (default: the "
            + "runtime's).")
    private Integer maxBatch;

    @Option(names = "--intra-op-threads", paramLabel = "N", description = "ONNX Runtime intra-op threads (0 = 1 "
            + "with parallel runs, else one per core; default: the runtime's).")
    private Integer intraOpThreads;

    @Option(names = "--parallel-runs", paramLabel = "N", description = "CPU: parts a batch is split into, run at "
            + "once (0 = one per core; default: the runtime's).")
    private Integer parallelRuns;

    @Option(names = "--decoder-threads", paramLabel = "N", description = "Encoded sources: FFmpeg threads per "
            + "stream's decoder, also for --decode-ceiling (0 = FFmpeg's choice; default: the runtime's, "
            + "pipeline.decoderThreads).")
    private Integer decoderThreads;

    @Option(names = "--json", paramLabel = "OUT", description = "Also write the results as JSON to OUT.")
    private Path json;

    private static final String HEADER = String.format(Locale.ROOT,
            "%7s %9s %8s %10s %8s %8s %8s %8s %7s %6s %6s %6s %9s %9s %8s %5s %6s %7s %7s %7s %8s"
                    + " %6s %6s %6s %6s %6s %6s  %s",
            "streams", "frames/s", "min-fps", "windows/s", "p50-ms", "p95-ms", "p99-ms", "max-ms", "dropped", "drop%",
            "skip%", "cpu%", "cpu-cores", "cpu-ms/fr", "heap-MB", "gcs", "load", "prep-us", "enc-ms", "inf-ms", "win/run",
            "dec", "prep", "ring", "score", "pub", "other", "verdict");

    /** The RTSP variant's server, while it runs. */
    private BenchRtspServer rtspServer;

    @Override
    public Integer call() throws Exception {
        validate();
        try {
            return bench();
        } finally {
            if (rtspServer != null) {
                rtspServer.close();
            }
        }
    }

    private Integer bench() throws Exception {
        Path file = model != null ? model : ShippedModels.fromSystem().model(architecture());
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println(model != null ? "model not found: " + file
                    : ShippedModels.fromSystem().missing(architecture()));
            return 1;
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        PrintWriter out = spec.commandLine().getOut();
        boolean synthetic = source.trim().equalsIgnoreCase("synthetic");
        if (source.trim().equalsIgnoreCase("h264")) {
            Path dir = h264Dir != null ? h264Dir : Path.of(System.getProperty("java.io.tmpdir"), "actionstream-bench");
            out.printf(Locale.ROOT, "h264: the synthetic source at %dx%d, %s fps, %d frames, %d kb/s, encoded by "
                    + "ffmpeg/libx264 into %s (once; reused after)%n", width, height, fpsText(), h264Frames, h264Kbps,
                    dir.resolve(SyntheticH264.fileName(width, height, fps, h264Frames, h264Kbps)));
            out.flush();
            try {
                source = SyntheticH264.make(dir, width, height, fps, h264Frames, h264Kbps).toString();
                if (rtsp) {
                    source = SyntheticH264.withoutBFrames(Path.of(source), h264Kbps, fps).toString();
                }
            } catch (IOException e) {
                spec.commandLine().getErr().println("bench: " + e.getMessage());
                return 1;
            }
        }
        String streamSource;
        SourceOpener opener;
        Double renderMillis = null;
        RuntimeConfig.Pipeline p = RuntimeConfig.Pipeline.defaults();
        RuntimeConfig.Pipeline pipelineDefaults = decoderThreads == null ? p
                : new RuntimeConfig.Pipeline(p.ringSize(), p.connectTimeoutMillis(), p.readTimeoutMillis(),
                p.stallMillis(), p.reconnectInitialMillis(), p.reconnectMaxMillis(), p.rtspTransport(), decoderThreads);
        if (synthetic) {
            streamSource = String.format(Locale.ROOT, "synthetic:%dx%d@%s", width, height, fpsText());
            if (liveRender) {
                opener = SourceOpener.standard(pipelineDefaults);
                out.printf("source: %s, rendered live by every stream%n", streamSource);
            } else {
                PrerenderedFrames frames = PrerenderedFrames.render(width, height, fps, loopFrames);
                renderMillis = frames.renderMillisPerFrame();
                opener = frames.opener(fps, !unpaced);
                out.printf(Locale.ROOT, "source: %s; rendering costs %.2f ms/frame, so every stream replays a "
                                + "pre-rendered loop of %d frames (the harness measures the pipeline, not the "
                                + "renderer)%n",
                        streamSource, renderMillis, frames.count());
            }
        } else if (rtsp) {
            try {
                rtspServer = BenchRtspServer.start(Path.of(source));
            } catch (IOException e) {
                spec.commandLine().getErr().println("bench: " + e.getMessage());
                return 1;
            }
            streamSource = rtspServer.url();
            opener = SourceOpener.standard(pipelineDefaults);
            out.printf(Locale.ROOT, "source: %s (GStreamer RTSP server sending %s in a loop at %s fps, shared by "
                    + "every stream), decoded by every stream as serve decodes a camera%n", streamSource, source,
                    fpsText());
        } else {
            SourceSpec parsed = SourceSpec.parse(source);
            if (parsed.kind() != SourceSpec.Kind.FILE || !Files.isRegularFile(Path.of(parsed.location()))) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--source must be 'synthetic' or an existing video file, got '" + source + "'");
            }
            streamSource = source;
            opener = SourceOpener.standard(pipelineDefaults);
            if (!spec.commandLine().getParseResult().hasMatchedOption("--fps")) {
                // Paced files play at their own rate, so that is what real time is judged against.
                fps = frameRate(parsed.location());
            }
            out.printf(Locale.ROOT, "source: %s, decoded by every stream in a loop at its own frame size%s%n", source,
                    unpaced ? ", unpaced" : ", at its own frame rate (" + fpsText() + " fps)");
        }
        RuntimeConfig.Scoring d = RuntimeConfig.Scoring.defaults();
        RuntimeConfig.Scoring scoring = new RuntimeConfig.Scoring(executionProvider,
                intraOpThreads != null ? intraOpThreads : d.intraOpThreads(), d.interOpThreads(),
                parallelRuns != null ? parallelRuns : d.parallelRuns(), maxBatch != null ? maxBatch : d.maxBatch(),
                d.gpuDevice());
        RealTimeCriteria criteria = RealTimeCriteria.forFps(fps, maxP99Ms);
        LoadTrial trial = new LoadTrial(file, streamSource, opener, !unpaced, stride, scoring, warmup, duration,
                criteria);
        int cores = Runtime.getRuntime().availableProcessors();
        int intraOp = scoring.intraOpThreadsOn(cores);
        out.printf(Locale.ROOT, "model: %s; stride %d; %s; warm-up %s, measured %s per trial; %d cores; batches of up "
                        + "to %d in up to %d parallel runs (CPU), %s intra-op threads each; real time = every stream "
                        + ">= %.1f fps, < %.1f %% dropped, p99 <= %.0f ms%n", file, stride,
                unpaced ? "unpaced" : "paced at " + fpsText() + " fps", text(warmup), text(duration), cores,
                scoring.maxBatch(), scoring.parallelRunsOn(cores), intraOp > 0 ? Integer.toString(intraOp) : "auto",
                criteria.minStreamFps(), criteria.maxDropPercent(), criteria.maxP99Ms());
        if (unpaced) {
            out.println("unpaced: sources deliver as fast as the ring takes frames; what it cannot take is dropped "
                    + "and counted, so throughput is windows/s (and frames/s - dropped/s)");
        }
        out.println(HEADER);
        out.flush();
        List<TrialResult> results = new ArrayList<>();
        LoadSearch.Trial run = n -> {
            TrialResult r = trial.run(n);
            results.add(r);
            out.println(row(r));
            out.flush();
            return r;
        };
        DecodeCeiling ceiling = null;
        List<DecodeCeiling.Result> ceilings = new ArrayList<>();
        if (decodeCeiling) {
            if (synthetic) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--decode-ceiling needs an encoded source"
                        + " (h264 or a video file): pre-rendered frames are not decoded");
            }
            ceiling = new DecodeCeiling(SourceSpec.parse(source), pipelineDefaults);
            ceilings.add(ceiling(ceiling, cores, out));
        }
        Integer largest = null;
        try {
            if (search) {
                largest = LoadSearch.largestRealTime(run, start, maxStreams);
                out.printf(Locale.ROOT, "largest real-time stream count: %d (at %s fps, stride %d)%n", largest,
                        fpsText(), stride);
            } else {
                run.run(streams);
            }
        } catch (ModelRejectedException e) {
            spec.commandLine().getErr().println("model not usable: " + e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            // A stream that cannot run at all (e.g. a file FFmpeg cannot decode): nothing to measure.
            spec.commandLine().getErr().println("bench stopped: " + e.getMessage());
            return 1;
        }
        if (rtspServer != null && rtspServer.cpuNanos() >= 0) {
            out.printf(Locale.ROOT, "RTSP server process: %.1f CPU s over the whole run (not in the rows above)%n",
                    rtspServer.cpuNanos() / 1e9);
        }
        if (ceiling != null) {
            ceilings.add(ceiling(ceiling, cores, out));
            double streamsCeiling = ceilings.stream().mapToDouble(c -> c.streamsAt(fps)).average().orElse(0);
            double decodeCpu = ceilings.stream().mapToDouble(DecodeCeiling.Result::cpuMsPerFrame).average().orElse(0);
            TrialResult held = null;
            for (TrialResult r : results) {
                if (r.realTime() && (held == null || r.streams() > held.streams())) {
                    held = r;
                }
            }
            int heldStreams = held == null ? 0 : held.streams();
            out.printf(Locale.ROOT, "decode-only ceiling (mean of before and after): %.1f streams at %s fps; "
                            + "streams held in real time: %d = %.0f %% of it%n", streamsCeiling, fpsText(), heldStreams,
                    streamsCeiling > 0 ? 100 * heldStreams / streamsCeiling : 0);
            if (held != null && held.cpuMsPerFrame() > 0) {
                // On a shared host the wall-clock ceiling follows the scheduler's share; CPU per frame does not.
                out.printf(Locale.ROOT, "by CPU: decoding alone %.3f ms per frame, the pipeline at %d streams %.3f ms "
                                + "per frame: the pipeline reaches %.0f %% of the decode-only ceiling (%d cores: %.1f "
                                + "vs %.1f streams)%n", decodeCpu, heldStreams, held.cpuMsPerFrame(),
                        100 * decodeCpu / held.cpuMsPerFrame(), cores, cores * 1000 / (held.cpuMsPerFrame() * fps),
                        cores * 1000 / (decodeCpu * fps));
            }
        }
        if (json != null) {
            writeJson(new BenchReport(file.toString(), streamSource, synthetic ? width : 0, synthetic ? height : 0, fps,
                    !unpaced, stride, warmup.toMillis() / 1e3, duration.toMillis() / 1e3, scoring, criteria,
                    renderMillis, synthetic && !liveRender ? loopFrames : 0, results, largest, ceilings));
            out.println("results written to " + json);
        }
        out.flush();
        return 0;
    }

    private DecodeCeiling.Result ceiling(DecodeCeiling ceiling, int cores, PrintWriter out)
            throws InterruptedException {
        out.printf(Locale.ROOT, "decode only: %s on %d unpaced threads, warm-up %s, measured %s ...%n", source, cores,
                text(warmup), text(ceilingDuration));
        out.flush();
        DecodeCeiling.Result r = ceiling.measure(cores, warmup, ceilingDuration);
        out.printf(Locale.ROOT, "decode only: %.0f frames/s, %.3f CPU ms per frame = %.1f streams at %s fps; "
                + "load %.2f%n", r.framesPerSecond(), r.cpuMsPerFrame(), r.streamsAt(fps), fpsText(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        out.flush();
        return r;
    }

    private double frameRate(String file) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file);
        try {
            grabber.start();
            double rate = grabber.getFrameRate();
            if (!(rate > 0)) {
                throw new CommandLine.ParameterException(spec.commandLine(), source + " states no frame rate: "
                        + "pass --fps");
            }
            return rate;
        } catch (FrameGrabber.Exception e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--source " + source
                    + " is not a readable video: " + e.getMessage(), e);
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception e) {
                // Nothing was opened, or it is closed anyway.
            }
        }
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (streams <= 0 || start <= 0 || maxStreams < start || width <= 0 || height <= 0 || fps <= 0 || stride <= 0
                || loopFrames <= 0 || maxP99Ms <= 0 || duration.isZero() || duration.isNegative()
                || warmup.isNegative() || h264Frames <= 0 || h264Kbps <= 0 || ceilingDuration.isZero()
                || ceilingDuration.isNegative() || decoderThreads != null && decoderThreads < 0) {
            throw new CommandLine.ParameterException(cl, "--streams, --start, --width, --height, --fps, --stride, "
                    + "--loop-frames, --max-p99-ms, --duration, --h264-frames, --h264-kbps and --ceiling-duration "
                    + "must be > 0, --warmup and --decoder-threads >= 0, "
                    + "--max-streams >= --start");
        }
        if (rtsp && (!source.trim().equalsIgnoreCase("h264") || unpaced)) {
            throw new CommandLine.ParameterException(cl, "--rtsp needs --source h264 and paced streams (the server "
                    + "sends at the file's frame rate)");
        }
        if (search && unpaced) {
            throw new CommandLine.ParameterException(cl, "--search needs paced streams: real time is judged against "
                    + "--fps; drop --unpaced");
        }
        architecture();
    }

    private Architecture architecture() {
        try {
            return Architecture.of(arch);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--arch: " + e.getMessage());
        }
    }

    private void writeJson(BenchReport report) throws IOException {
        Path parent = json.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
    }

    static String row(TrialResult r) {
        TrialResult.StageCosts st = r.stages() != null ? r.stages() : new TrialResult.StageCosts(0, 0, 0, 0, 0, 0);
        return String.format(Locale.ROOT,
                "%7d %9.1f %8.2f %10.1f %8.1f %8.1f %8.1f %8.1f %7d %6.2f %6.1f %6.1f %9.2f %9.2f %8.0f %5d %6.2f %7.0f "
                        + "%7.2f %7.2f %8.2f %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f  %s",
                r.streams(), r.framesPerSecond(), r.minStreamFps(), r.windowsPerSecond(), r.p50Ms(), r.p95Ms(),
                r.p99Ms(), r.maxMs(), r.framesDropped(), r.dropPercent(), r.skipPercent(), r.cpuPercent(), r.cpuCores(),
                r.cpuMsPerFrame(), r.heapUsedMb(),
                r.gcCount(), r.loadAverage(), r.prepareUs(), r.encodeMs(), r.inferenceMs(), r.windowsPerRun(),
                st.decodeMs(), st.prepareMs(), st.ringMs(), st.scoreMs(), st.publishMs(), st.otherMs(), r.verdict());
    }

    private String fpsText() {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : String.format(Locale.ROOT, "%.2f", fps);
    }

    private static String text(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** The JSON written by {@code --json}. */
    record BenchReport(String model, String source, int width, int height, double fps, boolean paced, int stride,
                       double warmupSeconds, double durationSeconds, RuntimeConfig.Scoring scoring,
                       RealTimeCriteria criteria, Double renderMillisPerFrame, int replayedFrames,
                       List<TrialResult> trials, Integer largestRealTimeStreams,
                       List<DecodeCeiling.Result> decodeOnly) {
    }

    /** {@code 500ms}, {@code 20s}, {@code 2m} or ISO-8601 ({@code PT20S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");

        @Override
        public Duration convert(String value) {
            Matcher m = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                double amount = Double.parseDouble(m.group(1));
                double millis = switch (m.group(2)) {
                    case "ms" -> amount;
                    case "s" -> amount * 1_000;
                    default -> amount * 60_000;
                };
                return Duration.ofMillis(Math.round(millis));
            }
            try {
                return Duration.parse(value.trim());
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, "
                        + "20s or 1m");
            }
        }
    }
}
