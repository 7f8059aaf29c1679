package dev.actionstream.bench;

import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.PixelFormat;
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

/** One decoded frame → the model's 64x64 planar floats, into a preallocated buffer (what every grabber does per frame). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FramePreparationBenchmark {

    @Param({"640x480", "1280x720", "320x240", "64x64"})
    public String source;

    private ByteBuffer pixels;
    private int width;
    private int height;
    private FramePreparer preparer;
    private float[] out;

    @Setup
    public void setUp() {
        String[] wh = source.split("x");
        width = Integer.parseInt(wh[0]);
        height = Integer.parseInt(wh[1]);
        byte[] bytes = new byte[width * height * 3];
        new SplittableRandom(1).nextBytes(bytes);
        pixels = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        preparer = new FramePreparer(64, 64, 3, ChannelOrder.BGR, Normalisation.unit());
        out = new float[preparer.frameSize()];
    }

    @Benchmark
    public float[] prepare() {
        preparer.prepare(pixels, width, height, width * 3, PixelFormat.BGR24, out, 0);
        return out;
    }
}
