package dev.actionstream.trainer.dataset;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Writes small real video files for tests. */
final class TestVideos {

    private TestVideos() {
    }

    /**
     * A lossless (raw BGR24 in AVI) video whose frame {@code k} is filled with grey level {@code base + step * k}, so a
     * test can read back exactly which frames were sampled.
     */
    static Path greyRamp(Path file, int frames, int width, int height, int base, int step) throws Exception {
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            rec.setFormat("avi");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_RAWVIDEO);
            rec.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            rec.setFrameRate(25);
            rec.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            for (int k = 0; k < frames; k++) {
                ByteBuffer px = (ByteBuffer) frame.image[0];
                byte v = (byte) (base + step * k);
                for (int i = 0; i < px.capacity(); i++) {
                    px.put(i, v);
                }
                rec.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
        }
        return file;
    }

    /** A lossless video of coloured noise (deterministic for a seed), for parity tests. */
    static Path noise(Path file, int frames, int width, int height, long seed) throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            rec.setFormat("avi");
            rec.setVideoCodec(avcodec.AV_CODEC_ID_RAWVIDEO);
            rec.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            rec.setFrameRate(25);
            rec.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            byte[] row = new byte[width * 3];
            for (int k = 0; k < frames; k++) {
                ByteBuffer px = (ByteBuffer) frame.image[0];
                for (int y = 0; y < height; y++) {
                    random.nextBytes(row);
                    px.put(y * frame.imageStride, row);
                }
                rec.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
        }
        return file;
    }
}
