package dev.actionstream.tools.load;

import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.source.FfmpegInput;
import dev.actionstream.runtime.source.FrameReceiver;
import dev.actionstream.runtime.source.SourceSpec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decoding alone, the ceiling a pipeline of real streams is measured against: the same file opened by the same
 * {@link FfmpegInput} that {@code serve} uses (same decoder options, same conversion to BGR24), unpaced and looped, on
 * one thread per core with nothing else of the pipeline running. Frames decoded per second, divided by a stream's
 * frame rate, is how many such streams the machine could decode in real time if it did nothing else.
 */
final class DecodeCeiling {

    /**
     * @param threads          decoding threads (one per core)
     * @param framesPerSecond  frames decoded per second, all threads together
     * @param cpuMsPerFrame    process CPU time per frame (FFmpeg's own decoder threads, when it has any, included)
     */
    record Result(int threads, double seconds, long frames, double framesPerSecond, double cpuMsPerFrame) {

        /** Streams of {@code fps} this rate would decode in real time. */
        double streamsAt(double fps) {
            return framesPerSecond / fps;
        }
    }

    private static final String THREAD_PREFIX = "decode-only-";

    private final SourceSpec spec;
    private final RuntimeConfig.Pipeline pipeline;

    DecodeCeiling(SourceSpec spec, RuntimeConfig.Pipeline pipeline) {
        if (spec.kind() != SourceSpec.Kind.FILE) {
            throw new IllegalArgumentException("the decode ceiling needs a video file, got " + spec);
        }
        this.spec = spec;
        this.pipeline = pipeline;
    }

    Result measure(int threads, Duration warmup, Duration duration) throws InterruptedException {
        AtomicLong frames = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<IOException> failure = new AtomicReference<>();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> decodeUntil(stop, frames, failure), THREAD_PREFIX + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        try {
            Thread.sleep(warmup.toMillis());
            long startFrames = frames.get();
            long startCpu = processCpuNanos();
            long start = System.nanoTime();
            Thread.sleep(duration.toMillis());
            long seconds = System.nanoTime() - start;
            long decoded = frames.get() - startFrames;
            long cpu = processCpuNanos() - startCpu;
            if (failure.get() != null) {
                throw new IllegalStateException("decoding " + spec + " failed: " + failure.get().getMessage());
            }
            double s = seconds / 1e9;
            return new Result(threads, s, decoded, decoded / s, decoded == 0 ? 0 : cpu / 1e6 / decoded);
        } finally {
            stop.set(true);
            for (Thread t : workers) {
                t.join(10_000);
            }
        }
    }

    private void decodeUntil(AtomicBoolean stop, AtomicLong frames, AtomicReference<IOException> failure) {
        FrameReceiver count = (pixels, width, height, rowStride, format, mediaMicros) -> frames.incrementAndGet();
        while (!stop.get()) {
            try (FfmpegInput input = FfmpegInput.open(spec, pipeline, false)) {
                while (!stop.get() && input.next(count)) {
                    // Decoded and handed over; nothing else.
                }
            } catch (IOException e) {
                failure.compareAndSet(null, e);
                return;
            }
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
