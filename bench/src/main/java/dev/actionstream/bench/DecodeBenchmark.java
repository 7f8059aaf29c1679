package dev.actionstream.bench;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.source.FfmpegInput;
import dev.actionstream.runtime.source.FrameReceiver;
import dev.actionstream.runtime.source.SourceSpec;
import dev.actionstream.tools.load.SyntheticH264;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The decode stage of a real stream: one frame of the synthetic source encoded as 640x480 30 fps H.264
 * ({@link SyntheticH264}, ffmpeg/libx264, made once under {@code <tmp>/actionstream-bench}) decoded by the runtime's
 * own {@link FfmpegInput} to BGR24, as {@code serve} decodes a camera, unpaced and looped. {@code decoderThreads} is
 * {@code pipeline.decoderThreads}: 1 (the default: the stream's own thread) or 0 (FFmpeg's choice, one per core; the
 * time per frame then hides the work of FFmpeg's threads, so compare CPU, e.g. with {@code -prof perfnorm}, not
 * this). Needs {@code ffmpeg} with libx264 on the PATH.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class DecodeBenchmark {

    @Param({"1"})
    public int decoderThreads;

    private SourceSpec spec;
    private RuntimeConfig.Pipeline pipeline;
    private FfmpegInput input;
    private long frames;
    private final FrameReceiver count = (pixels, width, height, rowStride, format, mediaMicros) -> frames++;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        Path file = SyntheticH264.make(Path.of(System.getProperty("java.io.tmpdir"), "actionstream-bench"), 640, 480,
                30, 300, 1500);
        spec = SourceSpec.parse(file.toString());
        RuntimeConfig.Pipeline d = RuntimeConfig.Pipeline.defaults();
        pipeline = new RuntimeConfig.Pipeline(d.ringSize(), d.connectTimeoutMillis(), d.readTimeoutMillis(),
                d.stallMillis(), d.reconnectInitialMillis(), d.reconnectMaxMillis(), d.rtspTransport(), decoderThreads);
        input = FfmpegInput.open(spec, pipeline, false);
    }

    @Benchmark
    public long decodeOneFrame() throws IOException {
        if (!input.next(count)) {
            // End of the loop: reopen, as a looped stream does, and take its first frame.
            input.close();
            input = FfmpegInput.open(spec, pipeline, false);
            input.next(count);
        }
        return frames;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.close();
    }
}
