package dev.actionstream.trainer.dataset;

import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.IntervalSampler;
import dev.actionstream.config.SamplingMode;
import dev.actionstream.config.PixelFormat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns one video into one window: {@code framesPerWindow} frames evenly spaced over the video (frame
 * {@code i * max(1, length / N)}, as the seeds sample), or, for {@code rate} sampling, the first N frames taken at the
 * rate's interval from the clip's start; each prepared by {@link FramePreparer}. Videos shorter than N
 * frames are padded by repeating the last frame. Frames are decoded in order without seeking, so the result does not
 * depend on a container's seek accuracy.
 *
 * <p>With a sliding {@code rate} sampling ({@code hop > 0}), {@link #decodeWindows} gives every window of the clip
 * instead: all its frames taken at the rate's interval, a window of N of them starting every {@code hop} taken frames
 * (a clip of {@code L} taken frames gives {@code 1 + (L - N) / hop}; one padded window when {@code L < N}).
 *
 * <p>Output layout: {@code [T][C][H][W]}, frames planar in the configured channel order.
 */
public final class ClipDecoder {

    static {
        // Decode problems are reported per file by this class; FFmpeg's own console chatter would bury them.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private static final AtomicLong DECODED_VIDEOS = new AtomicLong();
    /**
     * Most frames one clip contributes to sliding windows (a minute at 25 fps): a long recording dropped into a
     * dataset folder must not fill the heap.
     */
    static final int MAX_TAKEN_FRAMES = 1500;

    private final int frames;
    private final FramePreparer preparer;
    /** Microseconds between frames of a {@code rate} window; 0 for {@code even} sampling. */
    private final long rateIntervalMicros;
    /** Taken frames between successive windows of one clip; 0: one window per clip. */
    private final int hop;

    public ClipDecoder(DatasetConfig config) {
        this.frames = config.framesPerWindow();
        this.rateIntervalMicros = config.sampling().mode() == SamplingMode.RATE
                ? Math.round(1e6 / config.sampling().fps()) : 0;
        this.hop = config.sampling().hop();
        this.preparer = new FramePreparer(config.frameHeight(), config.frameWidth(), 3, config.channelOrder(),
                config.normalisation());
    }

    /** Floats in one decoded window. */
    public int windowSize() {
        return frames * preparer.frameSize();
    }

    /** Number of videos decoded by any ClipDecoder in this JVM (lets tests prove the cache works). */
    public static long decodedVideos() {
        return DECODED_VIDEOS.get();
    }

    public float[] decode(Path video) throws VideoDecodeException {
        float[] window = new float[windowSize()];
        decode(video, window);
        return window;
    }

    /**
     * Every window of the clip: with a sliding sampling, one per {@code hop} taken frames, in order; otherwise the
     * one window {@link #decode(Path)} gives.
     */
    public List<float[]> decodeWindows(Path video) throws VideoDecodeException {
        if (hop == 0) {
            return List.of(decode(video));
        }
        if (!Files.isReadable(video)) {
            throw new VideoDecodeException(video, "file does not exist or is not readable", null);
        }
        DECODED_VIDEOS.incrementAndGet();
        List<float[]> taken = takenFrames(video);
        if (taken.isEmpty()) {
            throw new VideoDecodeException(video, "no decodable video frames", null);
        }
        int frameSize = preparer.frameSize();
        List<float[]> windows = new ArrayList<>();
        for (int start : windowStarts(taken.size(), frames, hop)) {
            float[] window = new float[windowSize()];
            for (int t = 0; t < frames; t++) {
                // A clip shorter than a window repeats its last frame, as decode does.
                System.arraycopy(taken.get(Math.min(start + t, taken.size() - 1)), 0, window, t * frameSize,
                        frameSize);
            }
            windows.add(window);
        }
        return windows;
    }

    /**
     * Where the windows of a clip of {@code taken} frames start: every {@code hop} frames while a whole window fits,
     * and one window at 0 when none does.
     */
    public static int[] windowStarts(int taken, int frames, int hop) {
        if (hop <= 0) {
            throw new IllegalArgumentException("hop must be > 0, got " + hop);
        }
        int n = taken < frames ? 1 : 1 + (taken - frames) / hop;
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = i * hop;
        }
        return starts;
    }

    /** All frames of the clip the rate's interval takes, each prepared, in order. */
    private List<float[]> takenFrames(Path video) throws VideoDecodeException {
        IntervalSampler sampler = new IntervalSampler(rateIntervalMicros);
        List<float[]> taken = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = open(video)) {
            Frame frame;
            while (taken.size() < MAX_TAKEN_FRAMES && (frame = grabImage(grabber, video, taken.size())) != null) {
                if (sampler.take(frame.timestamp)) {
                    float[] prepared = new float[preparer.frameSize()];
                    prepare(frame, prepared, 0);
                    taken.add(prepared);
                }
            }
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new VideoDecodeException(video, "cannot decode: " + e.getMessage(), e);
        }
        return taken;
    }

    public void decode(Path video, float[] window) throws VideoDecodeException {
        if (!Files.isReadable(video)) {
            throw new VideoDecodeException(video, "file does not exist or is not readable", null);
        }
        DECODED_VIDEOS.incrementAndGet();
        int filled = rateIntervalMicros > 0 ? decodeAtRate(video, window) : decodeEvenly(video, window);
        int frameSize = preparer.frameSize();
        if (filled == 0) {
            throw new VideoDecodeException(video, "no decodable video frames", null);
        }
        for (int t = filled; t < frames; t++) {
            System.arraycopy(window, (filled - 1) * frameSize, window, t * frameSize, frameSize);
        }
    }

    /** The seeds' way: frame {@code i * max(1, length / N)}. Returns the frames filled. */
    private int decodeEvenly(Path video, float[] window) throws VideoDecodeException {
        int length = countFrames(video);
        int skip = evenStep(length, frames);
        int frameSize = preparer.frameSize();
        int filled = 0;
        try (FFmpegFrameGrabber grabber = open(video)) {
            int index = 0;
            Frame frame;
            while (filled < frames && (frame = grabImage(grabber, video, filled)) != null) {
                if (index == filled * skip) {
                    prepare(frame, window, filled * frameSize);
                    filled++;
                }
                index++;
            }
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new VideoDecodeException(video, "cannot decode: " + e.getMessage(), e);
        }
        return filled;
    }

    /**
     * A {@code rate} window: the clip's first N frames taken at the rate's interval by the serving rule
     * ({@link IntervalSampler}) on the frames' timestamps. Returns the frames filled.
     */
    private int decodeAtRate(Path video, float[] window) throws VideoDecodeException {
        IntervalSampler sampler = new IntervalSampler(rateIntervalMicros);
        int frameSize = preparer.frameSize();
        int filled = 0;
        try (FFmpegFrameGrabber grabber = open(video)) {
            Frame frame;
            while (filled < frames && (frame = grabImage(grabber, video, filled)) != null) {
                if (sampler.take(frame.timestamp)) {
                    prepare(frame, window, filled * frameSize);
                    filled++;
                }
            }
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new VideoDecodeException(video, "cannot decode: " + e.getMessage(), e);
        }
        return filled;
    }

    /** The frame step of even sampling: N frames of a {@code length}-frame clip are {@code max(1, length / N)} apart. */
    public static int evenStep(int length, int frames) {
        return Math.max(1, length / frames);
    }

    /** Counts decodable frames exactly; container frame counts are estimates and are often wrong. */
    static int countFrames(Path video) throws VideoDecodeException {
        try (FFmpegFrameGrabber grabber = open(video)) {
            int n = 0;
            while (grabImage(grabber, video, n) != null) {
                n++;
            }
            if (n == 0) {
                throw new VideoDecodeException(video, "no decodable video frames", null);
            }
            return n;
        } catch (org.bytedeco.javacv.FrameGrabber.Exception e) {
            throw new VideoDecodeException(video, "cannot decode: " + e.getMessage(), e);
        }
    }

    static FFmpegFrameGrabber open(Path video) throws VideoDecodeException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw new VideoDecodeException(video, "not a readable video: " + e.getMessage(), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            closeQuietly(grabber);
            throw new VideoDecodeException(video, "has no video stream", null);
        }
        return grabber;
    }

    /**
     * Next decoded image, or null at the end. A decode error after at least one good frame ends the video early (a
     * truncated file still yields its good frames); before any frame it fails the video.
     */
    private static Frame grabImage(FFmpegFrameGrabber grabber, Path video, int goodSoFar) throws VideoDecodeException {
        try {
            Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null || frame.image[0] == null) {
                return null;
            }
            return frame;
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            if (goodSoFar > 0) {
                return null;
            }
            throw new VideoDecodeException(video, "decode error: " + e.getMessage(), e);
        }
    }

    private void prepare(Frame frame, float[] window, int offset) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        PixelFormat format = frame.imageChannels == 1 ? PixelFormat.GRAY8 : PixelFormat.BGR24;
        preparer.prepare(pixels, frame.imageWidth, frame.imageHeight, frame.imageStride, format, window, offset);
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (Exception ignored) {
            // Already failing; the original error is what the user needs.
        }
    }
}
