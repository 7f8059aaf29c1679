package dev.actionstream.bench;

import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.bench.legacy.JavaFramePreparer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One decoded frame → the model's 64x64 planar floats, into a preallocated buffer (what every grabber does per
 * frame): {@code prepare} is the one preparation code ({@link FramePreparer}, OpenCV), {@code javaPath} the previous
 * build's Java code ({@link JavaFramePreparer}) on the same frame, for the ratio. The frame is a direct buffer, as
 * FFmpeg hands it over, or ({@code -p buffer=heap}) a Java array, as pre-rendered frames are.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FramePreparationBenchmark {

    @Param({"640x480", "1280x720", "320x240", "64x64"})
    public String source;

    @Param({"direct"})
    public String buffer;

    private ByteBuffer pixels;
    private int width;
    private int height;
    private FramePreparer preparer;
    private JavaFramePreparer java;
    private float[] out;

    @Setup
    public void setUp() {
        String[] wh = source.split("x");
        width = Integer.parseInt(wh[0]);
        height = Integer.parseInt(wh[1]);
        byte[] bytes = new byte[width * height * 3];
        new SplittableRandom(1).nextBytes(bytes);
        pixels = switch (buffer) {
            case "direct" -> ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
            case "heap" -> ByteBuffer.wrap(bytes);
            default -> throw new IllegalArgumentException("buffer must be direct or heap, got " + buffer);
        };
        preparer = new FramePreparer(64, 64, 3, ChannelOrder.BGR, Normalisation.unit());
        java = new JavaFramePreparer(64, 64, 3, ChannelOrder.BGR, Normalisation.unit());
        out = new float[preparer.frameSize()];
    }

    @Benchmark
    public float[] prepare() {
        preparer.prepare(pixels, width, height, width * 3, PixelFormat.BGR24, out, 0);
        return out;
    }

    @Benchmark
    public float[] javaPath() {
        java.prepare(pixels, width, height, width * 3, PixelFormat.BGR24, out, 0);
        return out;
    }
}
