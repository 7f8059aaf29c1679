package dev.actionstream.runtime.capture;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.source.FrameTap;
import dev.actionstream.runtime.view.JpegEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Every frame of every stream into its pre-roll buffer:
 * <pre>
 *  grab-&lt;s&gt; ──downscale into a free slot (or drop, counted)──▶ StreamCapture ──▶ capture-jpeg ──▶ PreRollBuffer
 * </pre>
 * The grabber side never blocks and allocates nothing after the first frame; compression runs on the one
 * {@code capture-jpeg} thread.
 */
public final class CaptureTap implements FrameTap, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CaptureTap.class);
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Streams come and go while serving (a cluster node's assignment): both replaced under the lock, read freely. */
    private final Map<String, StreamCapture> streams = new ConcurrentHashMap<>();
    private volatile List<StreamCapture> ordered;
    private final RuntimeConfig.Capture config;
    private final float jpegQuality;
    private final Thread thread;
    private volatile boolean running = true;
    private long errors;

    public CaptureTap(List<String> streamNames, RuntimeConfig.Capture config) {
        Objects.requireNonNull(streamNames, "streamNames");
        Objects.requireNonNull(config, "config");
        this.config = config;
        Map<String, StreamCapture> byName = new LinkedHashMap<>();
        for (String name : streamNames) {
            byName.put(name, capture(name));
        }
        this.streams.putAll(byName);
        this.ordered = List.copyOf(byName.values());
        this.jpegQuality = config.jpegQuality();
        this.thread = new Thread(this::run, "capture-jpeg");
        this.thread.setDaemon(true);
    }

    private StreamCapture capture(String name) {
        return new StreamCapture(name, new PreRollBuffer(name, (int) config.bufferBytesPerStream(),
                (long) (config.seconds() * 1000)), config.maxWidth());
    }

    /** Buffers a stream that started being served after the tap was built. */
    public synchronized void addStream(String name) {
        if (!streams.containsKey(name)) {
            StreamCapture c = capture(name);
            List<StreamCapture> next = new java.util.ArrayList<>(ordered);
            next.add(c);
            streams.put(name, c);
            ordered = List.copyOf(next);
        }
    }

    /** Forgets a stream no longer served here, with its buffer. */
    public synchronized void removeStream(String name) {
        StreamCapture c = streams.remove(name);
        if (c != null) {
            List<StreamCapture> next = new java.util.ArrayList<>(ordered);
            next.remove(c);
            ordered = List.copyOf(next);
        }
    }

    public void start() {
        thread.start();
    }

    @Override
    public boolean wanted(String stream) {
        return running && streams.containsKey(stream);
    }

    @Override
    public void offer(String stream, long frameIndex, long captureMillis, long mediaMicros, ByteBuffer pixels,
                      int width, int height, int rowStride, PixelFormat format) {
        StreamCapture s = streams.get(stream);
        if (s != null && s.offer(frameIndex, captureMillis, mediaMicros, pixels, width, height, rowStride, format)) {
            LockSupport.unpark(thread);
        }
    }

    /** The buffer of {@code stream}, or null for a stream that is not served. */
    public PreRollBuffer buffer(String stream) {
        StreamCapture s = streams.get(stream);
        return s == null ? null : s.buffer();
    }

    /** What each stream's buffer holds now, in stream order. */
    public List<BufferSpan> spans() {
        return ordered.stream().map(s -> s.buffer().span(s.dropped())).toList();
    }

    public BufferSpan span(String stream) {
        StreamCapture s = streams.get(stream);
        return s == null ? null : s.buffer().span(s.dropped());
    }

    private void run() {
        try (JpegEncoder jpeg = new JpegEncoder(jpegQuality)) {
            while (running) {
                boolean worked = false;
                for (StreamCapture s : ordered) {
                    StreamCapture.Slot slot;
                    while ((slot = s.next()) != null) {
                        worked = true;
                        try {
                            jpeg.encode(slot.image);
                            s.buffer().append(jpeg.bytes(), jpeg.size(), slot.frameIndex, slot.captureMillis,
                                    slot.mediaMicros);
                        } catch (RuntimeException e) {
                            // One frame the codec chokes on costs that frame, not the buffer.
                            if (errors++ % 100 == 0) {
                                LOG.error("capture: compressing a frame of {} failed ({} so far)", s.name(), errors, e);
                            }
                        } finally {
                            s.release();
                        }
                    }
                }
                if (!worked) {
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
