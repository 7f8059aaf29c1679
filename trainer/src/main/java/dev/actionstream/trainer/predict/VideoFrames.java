package dev.actionstream.trainer.predict;

import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.trainer.dataset.VideoDecodeException;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A video file's decoded frames in order, as BGR24 (or grey). A decode error after good frames ends the video there
 * (a truncated file still yields its good part); before any frame it is a {@link VideoDecodeException}. Both passes of
 * {@code predict} (scoring, then drawing the overlay) read frames through this class, so they see the same frames.
 */
public final class VideoFrames implements AutoCloseable {

    static {
        // Problems are reported per file by this class; FFmpeg's own console chatter would bury predict's answer.
        avutil.av_log_set_level(avutil.AV_LOG_QUIET);
    }

    private final Path video;
    private final FFmpegFrameGrabber grabber;
    private int good;

    private VideoFrames(Path video, FFmpegFrameGrabber grabber) {
        this.video = video;
        this.grabber = grabber;
    }

    public static VideoFrames open(Path video) throws VideoDecodeException {
        Objects.requireNonNull(video, "video");
        if (!Files.isReadable(video)) {
            throw new VideoDecodeException(video, "file does not exist or is not readable", null);
        }
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw new VideoDecodeException(video, "not a readable video: " + e.getMessage(), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            closeQuietly(grabber);
            throw new VideoDecodeException(video, "has no video stream", null);
        }
        return new VideoFrames(video, grabber);
    }

    public Path video() {
        return video;
    }

    public FFmpegFrameGrabber grabber() {
        return grabber;
    }

    /** The next decoded frame (valid until the next call), or null at the end. */
    public Frame next() throws VideoDecodeException {
        try {
            Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null || frame.image[0] == null) {
                return null;
            }
            good++;
            return frame;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (good > 0) {
                return null;
            }
            throw new VideoDecodeException(video, "decode error: " + e.getMessage(), e);
        }
    }

    /** Prepares {@code frame} as the model's input into {@code target} from offset 0. */
    public static void prepare(FramePreparer preparer, Frame frame, float[] target) {
        ByteBuffer pixels = (ByteBuffer) frame.image[0];
        PixelFormat format = frame.imageChannels == 1 ? PixelFormat.GRAY8 : PixelFormat.BGR24;
        preparer.prepare(pixels, frame.imageWidth, frame.imageHeight, frame.imageStride, format, target, 0);
    }

    @Override
    public void close() {
        closeQuietly(grabber);
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (Exception ignored) {
            // Only native resources are released here; nothing the caller could act on.
        }
    }
}
