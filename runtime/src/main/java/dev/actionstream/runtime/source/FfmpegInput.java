package dev.actionstream.runtime.source;

import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.RuntimeConfig;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Any FFmpeg-readable source, decoded to BGR24 in JavaCV's reused frame (no per-frame Java allocation, no Java2D).
 * Network inputs get the connect/read timeouts of {@link RuntimeConfig.Pipeline} as FFmpeg options so a dead peer
 * surfaces as an error instead of a hang; RTSP uses TCP unless configured otherwise. A paced file or {@code lavfi}
 * pattern is played at its own frame rate (timestamps), an unpaced one as fast as it decodes. Pacing never goes
 * faster than the declared frame rate (or {@link #FALLBACK_FPS} when that is missing or absurd), so broken
 * timestamps cannot make a file race, and a paced file ends one frame interval after its last frame, so a looped
 * short file keeps its rate across reopens. Failures are reported in words ({@link FfmpegErrors}); FFmpeg's own
 * text goes to the debug log.
 */
public final class FfmpegInput implements VideoInput {

    private static final Logger LOG = LoggerFactory.getLogger(FfmpegInput.class);
    /** Frame rate assumed for pacing when the container declares none, or one outside {@link #MAX_FPS}. */
    static final double FALLBACK_FPS = 25;
    private static final double MIN_FPS = 1;
    private static final double MAX_FPS = 480;

    private static volatile boolean devicesRegistered;

    private final SourceSpec spec;
    private final FFmpegFrameGrabber grabber;
    private final boolean paced;
    /** The shortest time between paced frames: one interval at the declared frame rate. */
    private final long frameIntervalNanos;
    /** Video frames the container's header lists (0 when it does not say, as for live inputs). */
    private final long listedFrames;
    private long delivered;
    private long firstTimestampMicros = Long.MIN_VALUE;
    private long startNanos;
    private long lastDueNanos;

    private FfmpegInput(SourceSpec spec, FFmpegFrameGrabber grabber, boolean paced, long listedFrames) {
        this.spec = spec;
        this.grabber = grabber;
        this.paced = paced;
        this.listedFrames = listedFrames;
        this.frameIntervalNanos = Math.round(1e9 / pacingRate(grabber.getFrameRate()));
    }

    /** The declared rate, unless it is missing or absurd (as containers with broken headers declare). */
    static double pacingRate(double declaredFps) {
        return declaredFps >= MIN_FPS && declaredFps <= MAX_FPS ? declaredFps : FALLBACK_FPS;
    }

    /** Opens {@code spec}; the exception says why it could not be opened. */
    public static FfmpegInput open(SourceSpec spec, RuntimeConfig.Pipeline pipeline, boolean paced) throws IOException {
        if (spec.kind() == SourceSpec.Kind.FILE) {
            String problem = FfmpegErrors.fileProblem(Path.of(spec.location()));
            if (problem != null) {
                throw new IOException("cannot open " + spec + ": " + problem);
            }
        }
        registerDevices();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(spec.location());
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (pipeline.decoderThreads() > 0) {
            // An avcodec_open2 option: overrides JavaCV's thread_count(0) (FFmpeg's one thread per core).
            g.setVideoOption("threads", Integer.toString(pipeline.decoderThreads()));
        }
        String connectMicros = String.valueOf(pipeline.connectTimeoutMillis() * 1000L);
        String readMicros = String.valueOf(pipeline.readTimeoutMillis() * 1000L);
        switch (spec.kind()) {
            case CAMERA -> g.setFormat("video4linux2");
            case LAVFI -> g.setFormat("lavfi");
            case RTSP -> {
                g.setOption("rtsp_transport", pipeline.rtspTransport());
                // FFmpeg 5: "timeout" is the RTSP socket I/O timeout (the old "stimeout"), in microseconds.
                g.setOption("timeout", readMicros);
                g.setOption("rw_timeout", readMicros);
            }
            case HTTP -> {
                g.setOption("timeout", connectMicros);
                g.setOption("rw_timeout", readMicros);
                g.setOption("reconnect", "0");
            }
            default -> {
            }
        }
        long startedNanos = System.nanoTime();
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            try {
                g.release();
            } catch (FrameGrabber.Exception ignored) {
                // Already failing; the open error is the one to report.
            }
            long waitedMillis = (System.nanoTime() - startedNanos) / 1_000_000;
            boolean waitedOut = waitedMillis >= Math.min(pipeline.connectTimeoutMillis(), pipeline.readTimeoutMillis());
            LOG.debug("{}: FFmpeg could not open it after {} ms: {}", spec, waitedMillis, e.getMessage());
            throw new IOException("cannot open " + spec + ": " + FfmpegErrors.describe(spec, e.getMessage(), waitedOut), e);
        }
        if (g.getImageWidth() <= 0 || g.getImageHeight() <= 0) {
            closeQuietly(g);
            throw new IOException("cannot open " + spec + ": has no video stream");
        }
        boolean file = spec.kind() == SourceSpec.Kind.FILE;
        // A test pattern stands in for a camera, so it runs at its frame rate like one (FFmpeg renders it flat out).
        boolean timed = file || spec.kind() == SourceSpec.Kind.LAVFI;
        return new FfmpegInput(spec, g, paced && timed, file ? listedVideoFrames(g.getFormatContext()) : 0);
    }

    private static long listedVideoFrames(AVFormatContext format) {
        if (format == null) {
            return 0;
        }
        for (int i = 0; i < format.nb_streams(); i++) {
            AVStream s = format.streams(i);
            if (s.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                return Math.max(0, s.nb_frames());
            }
        }
        return 0;
    }

    private static void registerDevices() throws IOException {
        if (!devicesRegistered) {
            synchronized (FfmpegInput.class) {
                if (!devicesRegistered) {
                    try {
                        FFmpegFrameGrabber.tryLoad();
                    } catch (FrameGrabber.Exception e) {
                        throw new IOException("FFmpeg native libraries could not be loaded: " + e.getMessage(), e);
                    }
                    avdevice.avdevice_register_all();
                    devicesRegistered = true;
                }
            }
        }
    }

    @Override
    public boolean next(FrameReceiver receiver) throws IOException {
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debug("FFmpeg read error: {}", e.getMessage());
            throw new IOException("decode error: " + FfmpegErrors.describe(spec, e.getMessage(), false), e);
        }
        if (frame == null) {
            if (paced && delivered > 0) {
                // The last frame is shown for one interval too; a looped file reopens only after it.
                waitUntil(lastDueNanos + frameIntervalNanos);
            }
            return false;
        }
        if (frame.image == null || frame.image.length == 0 || !(frame.image[0] instanceof ByteBuffer pixels)) {
            throw new IOException("decoder returned a frame without 8-bit image data");
        }
        if (paced) {
            pace(frame.timestamp);
        }
        delivered++;
        receiver.frame(pixels, frame.imageWidth, frame.imageHeight, frame.imageStride, PixelFormat.BGR24,
                frame.timestamp);
        return true;
    }

    @Override
    public long framesMissing() {
        return listedFrames > 0 ? Math.max(0, listedFrames - delivered) : 0;
    }

    /**
     * Sleeps until the frame's presentation time relative to the first frame, but at least until the declared rate
     * allows this frame: timestamps that stand still or crawl cannot speed playback up.
     */
    private void pace(long timestampMicros) {
        long now = System.nanoTime();
        if (firstTimestampMicros == Long.MIN_VALUE) {
            firstTimestampMicros = timestampMicros;
            startNanos = now;
            lastDueNanos = now;
            return;
        }
        long byTimestamp = startNanos + (timestampMicros - firstTimestampMicros) * 1_000L;
        long byRate = startNanos + delivered * frameIntervalNanos;
        lastDueNanos = Math.max(byTimestamp, byRate);
        waitUntil(lastDueNanos);
    }

    private static void waitUntil(long due) {
        long now = System.nanoTime();
        while (now < due && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
    }

    public double frameRate() {
        return grabber.getFrameRate();
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.stop();
            g.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing a broken input: nothing more to free.
        }
    }
}
