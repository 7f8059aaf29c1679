package dev.actionstream.synth.video;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Encodes {@code TYPE_3BYTE_BGR} frames into an MP4 file with JavaCV's bundled FFmpeg 5.0.
 *
 * <p>Codec: H.264 through Cisco's OpenH264 ({@code libopenh264}), the only H.264 encoder in javacv 1.5.7's LGPL
 * FFmpeg build (libx264 exists only in the -gpl builds), yuv420p, constant frame rate. Should a build lack it, MPEG-4
 * Part 2 ({@code mpeg4}) is used instead; {@link #codecName()} says which. Both decode with any FFmpeg.
 *
 * <p>Encoding is single-threaded and the MP4 muxer writes no creation time, so the same frames give the same bytes.
 */
public final class Mp4ClipWriter implements AutoCloseable {

    private static final String H264 = "libopenh264";
    private static final String MPEG4 = "mpeg4";

    private final FFmpegFrameRecorder recorder;
    private final int width;
    private final int height;
    private final String codec;
    /** Native copy of the frame: FFmpeg reads direct memory, a heap array would be copied anew each frame. */
    private final ByteBuffer pixels;

    /**
     * Opens {@code file} for writing (replacing it).
     *
     * @param width  even, at least 16
     * @param height even, at least 16
     */
    public Mp4ClipWriter(Path file, int width, int height, double fps) throws IOException {
        Objects.requireNonNull(file, "file");
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("video size must be even and at least 16x16 (yuv420p), got "
                    + width + "x" + height);
        }
        if (!(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("fps must be in (0, 1000], got " + fps);
        }
        this.width = width;
        this.height = height;
        this.codec = codecAvailable(H264) ? H264 : MPEG4;
        this.pixels = ByteBuffer.allocateDirect(width * height * 3);
        recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodecName(codec);
        recorder.setVideoCodec(codec.equals(H264) ? avcodec.AV_CODEC_ID_H264 : avcodec.AV_CODEC_ID_MPEG4);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(fps);
        recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
        // About 0.6 bits per pixel: small clips with sensor noise stay clean enough for 32..64 px models.
        recorder.setVideoBitrate((int) Math.min(50_000_000, Math.max(200_000, 0.6 * width * height * fps)));
        recorder.setVideoOption("threads", "1");
        recorder.setOption("fflags", "+bitexact");
        recorder.setVideoOption("flags", "+bitexact");
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot open " + file + " for writing with " + codec + ": " + e.getMessage(), e);
        }
    }

    /** The encoder in use: {@code libopenh264} or {@code mpeg4}. */
    public String codecName() {
        return codec;
    }

    /** Appends one frame. */
    public void write(BufferedImage frame) throws IOException {
        if (frame.getType() != BufferedImage.TYPE_3BYTE_BGR || frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame must be a TYPE_3BYTE_BGR image of " + width + "x" + height
                    + ", got type " + frame.getType() + " " + frame.getWidth() + "x" + frame.getHeight());
        }
        pixels.clear();
        pixels.put(((DataBufferByte) frame.getRaster().getDataBuffer()).getData(), 0, width * height * 3);
        pixels.flip();
        try {
            recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 3, width * 3, avutil.AV_PIX_FMT_BGR24, pixels);
        } catch (FrameRecorder.Exception e) {
            throw new IOException("encoding failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            recorder.close();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("cannot finish video: " + e.getMessage(), e);
        }
    }

    static boolean codecAvailable(String name) {
        try {
            FFmpegFrameRecorder.tryLoad();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("FFmpeg native libraries cannot be loaded: " + e.getMessage(), e);
        }
        return avcodec.avcodec_find_encoder_by_name(name) != null;
    }
}
