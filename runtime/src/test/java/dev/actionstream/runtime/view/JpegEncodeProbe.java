package dev.actionstream.runtime.view;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.runtime.events.TestEvents;
import dev.actionstream.synth.SyntheticLiveSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBufAllocator;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Not a test: what the live view costs per frame on the {@code view-jpeg} thread (tap copy, overlay, JPEG) and on the
 * grabber (the copy), at a given resolution, on real synthetic frames.
 *
 * <pre>
 * mvn -B -o -q -pl runtime test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp runtime/target/test-classes:runtime/target/classes:$(cat /tmp/cp.txt) \
 *     dev.actionstream.runtime.view.JpegEncodeProbe WIDTH HEIGHT FRAMES QUALITY
 * e.g. ... JpegEncodeProbe 640 480 300 0.8
 * </pre>
 */
public final class JpegEncodeProbe {

    private JpegEncodeProbe() {
    }

    public static void main(String[] args) throws Exception {
        int width = Integer.parseInt(args[0]);
        int height = Integer.parseInt(args[1]);
        int frames = Integer.parseInt(args[2]);
        float quality = Float.parseFloat(args[3]);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        StreamView view = new StreamView("cam1", 1,
                new MjpegViewers(ByteBufAllocator.DEFAULT, registry.counter("s"), registry.counter("d")));
        view.watch();
        OverlayPainter painter = new OverlayPainter();
        try (SyntheticLiveSource source = new SyntheticLiveSource(
                new SyntheticLiveSource.Settings(width, height, 25, 1, 3, 6));
             JpegEncoder jpeg = new JpegEncoder(quality)) {
            BufferedImage image = source.newFrame();
            ByteBuffer pixels = ByteBuffer.wrap(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
            int warmup = Math.min(100, frames);
            long[] copy = new long[frames];
            long[] paint = new long[frames];
            long[] encode = new long[frames];
            long bytes = 0;
            for (int i = -warmup; i < frames; i++) {
                source.nextFrame(image);
                long t0 = System.nanoTime();
                while (!view.offer(i + warmup, i * 40L, pixels, width, height, width * 3, PixelFormat.BGR24)) {
                    Thread.onSpinWait();
                }
                long t1 = System.nanoTime();
                view.takeFrame();
                painter.paint(view.graphics(), width, height, "cam1", TestEvents.event("cam1", i + warmup + 1L), 25,
                        i + warmup);
                long t2 = System.nanoTime();
                jpeg.encode(view.wrappedCanvas());
                long t3 = System.nanoTime();
                if (i >= 0) {
                    copy[i] = t1 - t0;
                    paint[i] = t2 - t1;
                    encode[i] = t3 - t2;
                    bytes += jpeg.size();
                }
            }
            System.out.printf(Locale.ROOT, "%dx%d q=%.2f, %d frames: grabber copy %s | take+overlay %s | JPEG %s | "
                            + "mean JPEG %d bytes%n", width, height, quality, frames, stats(copy), stats(paint),
                    stats(encode), bytes / frames);
        }
    }

    private static String stats(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / 1e6;
        return String.format(Locale.ROOT, "mean %.2f ms, p50 %.2f, p99 %.2f", mean, s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6);
    }
}
