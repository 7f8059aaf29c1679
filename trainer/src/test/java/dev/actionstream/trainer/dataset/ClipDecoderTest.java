package dev.actionstream.trainer.dataset;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.FramePreparer;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.PixelFormat;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClipDecoderTest {

    @TempDir
    Path dir;

    private static DatasetConfig config(int frames, int size) {
        return DatasetConfig.defaults().withGeometry(frames, size, size);
    }

    /** Grey level of frame t of a window (all samples of a ramp frame are equal). */
    private static int greyOf(float[] window, int t, int frameSize) {
        return Math.round(window[t * frameSize] * 255f);
    }

    @Test
    void samplesFramesEvenlySpacedOverTheVideo() throws Exception {
        Path video = TestVideos.greyRamp(dir.resolve("ramp.avi"), 10, 32, 24, 5, 20);
        float[] w = new ClipDecoder(config(5, 8)).decode(video);
        int frameSize = 3 * 8 * 8;
        assertEquals(5 * frameSize, w.length);
        int[] greys = new int[5];
        for (int t = 0; t < 5; t++) {
            greys[t] = greyOf(w, t, frameSize);
        }
        // length 10, 5 frames: every 2nd frame, 0, 2, 4, 6, 8.
        assertArrayEquals(new int[] {5, 45, 85, 125, 165}, greys);
    }

    @Test
    void padsShortVideosByRepeatingTheLastFrame() throws Exception {
        Path video = TestVideos.greyRamp(dir.resolve("short.avi"), 3, 16, 16, 10, 50);
        float[] w = new ClipDecoder(config(6, 4)).decode(video);
        int frameSize = 3 * 4 * 4;
        int[] greys = new int[6];
        for (int t = 0; t < 6; t++) {
            greys[t] = greyOf(w, t, frameSize);
        }
        assertArrayEquals(new int[] {10, 60, 110, 110, 110, 110}, greys);
    }

    @Test
    void valuesAreScaledToTheUnitInterval() throws Exception {
        Path video = TestVideos.noise(dir.resolve("noise.avi"), 8, 40, 30, 1);
        float[] w = new ClipDecoder(config(4, 16)).decode(video);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : w) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertTrue(min >= 0 && max <= 1, "range " + min + ".." + max);
        assertTrue(max - min > 0.3, "noise should spread values, got " + min + ".." + max);
    }

    @Test
    void unreadableFilesFailWithTheirName() throws Exception {
        Path garbage = dir.resolve("garbage.mp4");
        byte[] bytes = new byte[50_000];
        new java.util.Random(1).nextBytes(bytes);
        Files.write(garbage, bytes);
        Path empty = Files.createFile(dir.resolve("empty.avi"));
        Path good = TestVideos.noise(dir.resolve("good.avi"), 20, 64, 48, 2);
        byte[] whole = Files.readAllBytes(good);
        Path truncatedHeader = Files.write(dir.resolve("trunc.avi"), Arrays.copyOf(whole, 100));
        ClipDecoder decoder = new ClipDecoder(config(4, 8));
        for (Path bad : List.of(garbage, empty, truncatedHeader, dir.resolve("missing.avi"))) {
            VideoDecodeException e = assertThrows(VideoDecodeException.class, () -> decoder.decode(bad));
            assertTrue(e.getMessage().contains(bad.getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void truncatedVideoStillYieldsItsGoodFrames() throws Exception {
        Path good = TestVideos.noise(dir.resolve("good.avi"), 20, 64, 48, 3);
        byte[] whole = Files.readAllBytes(good);
        Path half = Files.write(dir.resolve("half.avi"), Arrays.copyOf(whole, whole.length / 2));
        float[] w = new ClipDecoder(config(4, 8)).decode(half);
        assertEquals(4 * 3 * 8 * 8, w.length);
    }

    @Test
    void damagedRealWorldVideoNeverCrashes() throws Exception {
        Tools.require(Tool.OPENCV_DOC);
        Path bugy = Tools.OPENCV_DOC_DATA.resolve("Megamind_bugy.avi");
        try {
            float[] w = new ClipDecoder(config(4, 8)).decode(bugy);
            assertEquals(4 * 3 * 8 * 8, w.length);
        } catch (VideoDecodeException e) {
            assertTrue(e.getMessage().contains("Megamind_bugy.avi"), e.getMessage());
        }
    }

    /**
     * Training and serving must see identical floats: the runtime prepares each grabbed frame with
     * {@code FramePreparer.forSpec(spec)} where the spec carries the training's preparation settings.
     */
    @Test
    void trainingWindowEqualsServingPreparationOfTheSameFrames() throws Exception {
        Path video = TestVideos.noise(dir.resolve("parity.avi"), 6, 160, 120, 4);
        DatasetConfig cfg = new DatasetConfig(6, 24, 32, ChannelOrder.BGR, 0.7, 0.15, 0.15, 1, "", null);
        float[] trained = new ClipDecoder(cfg).decode(video);

        ModelSpec spec = new ModelSpec("m", "1", Architecture.LRCN, List.of("a", "b"), cfg.framesPerWindow(),
                cfg.frameHeight(), cfg.frameWidth(), 3, cfg.channelOrder(), Normalisation.unit(), "", "");
        FramePreparer serving = FramePreparer.forSpec(spec);
        float[] served = new float[spec.windowSize()];
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            Frame f;
            int t = 0;
            while ((f = grabber.grabImage()) != null && t < 6) {
                serving.prepare((ByteBuffer) f.image[0], f.imageWidth, f.imageHeight, f.imageStride,
                        PixelFormat.BGR24, served, t * spec.frameSize());
                t++;
            }
        }
        assertArrayEquals(trained, served, 0f);
    }
}
