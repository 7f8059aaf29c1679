package dev.actionstream.config;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FramePreparerTest {

    private static byte[] randomBgr(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new SplittableRandom(seed).nextBytes(px);
        return px;
    }

    @Test
    void sameSizeFrameIsCopiedExactlyPlanarInChannelOrder() {
        int w = 4;
        int h = 3;
        byte[] bgr = randomBgr(w, h, 1);
        FramePreparer rgb = new FramePreparer(h, w, 3, ChannelOrder.RGB, Normalisation.unit());
        float[] out = new float[rgb.frameSize()];
        rgb.prepare(ByteBuffer.wrap(bgr), w, h, w * 3, PixelFormat.BGR24, out, 0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                assertEquals((bgr[p + 2] & 0xFF) / 255f, out[y * w + x], 1e-6f, "red plane first");
                assertEquals((bgr[p + 1] & 0xFF) / 255f, out[h * w + y * w + x], 1e-6f);
                assertEquals((bgr[p] & 0xFF) / 255f, out[2 * h * w + y * w + x], 1e-6f, "blue plane last");
            }
        }
    }

    @Test
    void downscalingAveragesTheFootprint() {
        // 4x4 frame whose 2x2 blocks have one value each: area resampling to 2x2 must give exactly those values.
        int[] blocks = {10, 200, 60, 255};
        byte[] bgr = new byte[4 * 4 * 3];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                int v = blocks[(y / 2) * 2 + x / 2];
                Arrays.fill(bgr, (y * 4 + x) * 3, (y * 4 + x) * 3 + 3, (byte) v);
            }
        }
        FramePreparer p = new FramePreparer(2, 2, 3, ChannelOrder.BGR, Normalisation.unit());
        float[] out = new float[p.frameSize()];
        p.prepare(ByteBuffer.wrap(bgr), 4, 4, 12, PixelFormat.BGR24, out, 0);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(blocks[i] / 255f, out[c * 4 + i], 1e-6f);
            }
        }
    }

    @Test
    void rowPaddingAndBufferKindDoNotChangeTheResult() {
        int w = 37;
        int h = 23;
        byte[] tight = randomBgr(w, h, 7);
        int stride = w * 3 + 13;
        ByteBuffer padded = ByteBuffer.allocateDirect(stride * h);
        for (int y = 0; y < h; y++) {
            padded.put(y * stride, tight, y * w * 3, w * 3);
        }
        FramePreparer a = new FramePreparer(16, 16, 3, ChannelOrder.BGR, Normalisation.unit());
        FramePreparer b = new FramePreparer(16, 16, 3, ChannelOrder.BGR, Normalisation.unit());
        float[] outA = new float[a.frameSize()];
        float[] outB = new float[b.frameSize() + 5];
        a.prepare(ByteBuffer.wrap(tight), w, h, w * 3, PixelFormat.BGR24, outA, 0);
        b.prepare(padded, w, h, stride, PixelFormat.BGR24, outB, 5);
        assertArrayEquals(outA, Arrays.copyOfRange(outB, 5, outB.length), 0f);
    }

    @Test
    void reusingAnInstanceAcrossGeometriesGivesTheSameFloatsAsAFreshOne() {
        FramePreparer reused = new FramePreparer(8, 8, 3, ChannelOrder.RGB, Normalisation.unit());
        float[] scratch = new float[reused.frameSize()];
        reused.prepare(ByteBuffer.wrap(randomBgr(50, 30, 3)), 50, 30, 150, PixelFormat.BGR24, scratch, 0);
        byte[] frame = randomBgr(20, 40, 4);
        float[] viaReused = new float[reused.frameSize()];
        reused.prepare(ByteBuffer.wrap(frame), 20, 40, 60, PixelFormat.BGR24, viaReused, 0);
        FramePreparer fresh = new FramePreparer(8, 8, 3, ChannelOrder.RGB, Normalisation.unit());
        float[] viaFresh = new float[fresh.frameSize()];
        fresh.prepare(ByteBuffer.wrap(frame), 20, 40, 60, PixelFormat.BGR24, viaFresh, 0);
        assertArrayEquals(viaFresh, viaReused, 0f);
    }

    @Test
    void rgbAndBgrSourcesOfTheSameImageAgree() {
        int w = 30;
        int h = 20;
        byte[] bgr = randomBgr(w, h, 9);
        byte[] rgb = bgr.clone();
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 2] = bgr[i];
        }
        FramePreparer p = new FramePreparer(10, 10, 3, ChannelOrder.BGR, Normalisation.unit());
        float[] fromBgr = new float[p.frameSize()];
        float[] fromRgb = new float[p.frameSize()];
        p.prepare(ByteBuffer.wrap(bgr), w, h, w * 3, PixelFormat.BGR24, fromBgr, 0);
        p.prepare(ByteBuffer.wrap(rgb), w, h, w * 3, PixelFormat.RGB24, fromRgb, 0);
        assertArrayEquals(fromBgr, fromRgb, 0f);
    }

    @Test
    void normalisationAppliesMeanAndStdPerChannel() {
        byte[] px = {(byte) 255, (byte) 255, (byte) 255};
        FramePreparer p = new FramePreparer(1, 1, 3, ChannelOrder.RGB,
                new Normalisation(new float[] {0.5f, 0f, 1f}, new float[] {0.5f, 2f, 1f}));
        float[] out = new float[3];
        p.prepare(ByteBuffer.wrap(px), 1, 1, 3, PixelFormat.BGR24, out, 0);
        assertArrayEquals(new float[] {1f, 0.5f, 0f}, out, 1e-6f);
    }

    @Test
    void upscalingInterpolatesBetweenPixelCentres() {
        byte[] px = {0, 0, 0, (byte) 255, (byte) 255, (byte) 255};
        FramePreparer p = new FramePreparer(1, 4, 1, ChannelOrder.RGB, Normalisation.unit());
        float[] out = new float[4];
        p.prepare(ByteBuffer.wrap(px), 2, 1, 6, PixelFormat.BGR24, out, 0);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, out, 1e-6f);
    }

    /** Area mean of the source over each target sample's exact footprint, in double, for one channel byte offset. */
    private static double areaMean(byte[] px, int w, int h, int tw, int th, int tx, int ty, int channelOffset) {
        double sx = (double) w / tw;
        double sy = (double) h / th;
        double sum = 0;
        double area = 0;
        for (int y = (int) Math.floor(ty * sy); y < Math.ceil((ty + 1) * sy); y++) {
            double wy = Math.min((ty + 1) * sy, y + 1) - Math.max(ty * sy, y);
            for (int x = (int) Math.floor(tx * sx); x < Math.ceil((tx + 1) * sx); x++) {
                double wx = Math.min((tx + 1) * sx, x + 1) - Math.max(tx * sx, x);
                sum += wx * wy * (px[(y * w + x) * 3 + channelOffset] & 0xFF);
                area += wx * wy;
            }
        }
        return sum / area;
    }

    @Test
    void aCameraFrameShrinksToTheExactAreaMean() {
        // 640x480 -> 64x64: footprints of 10 columns by 7.5 rows, so every other row boundary halves a pixel (a
        // gradient with wrap-around edges plus noise, so the footprints differ).
        int w = 640;
        int h = 480;
        byte[] px = new byte[w * h * 3];
        SplittableRandom random = new SplittableRandom(5);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    px[(y * w + x) * 3 + c] = (byte) Math.min(255, (x / 3 + y / 2 + 40 * c) % 200 + random.nextInt(56));
                }
            }
        }
        FramePreparer p = new FramePreparer(64, 64, 3, ChannelOrder.RGB, Normalisation.unit());
        float[] out = new float[p.frameSize()];
        p.prepare(ByteBuffer.wrap(px), w, h, w * 3, PixelFormat.BGR24, out, 0);
        double worst = 0;
        for (int ty = 0; ty < 64; ty++) {
            for (int tx = 0; tx < 64; tx++) {
                for (int c = 0; c < 3; c++) {
                    double exact = areaMean(px, w, h, 64, 64, tx, ty, 2 - c) / 255;
                    worst = Math.max(worst, Math.abs(exact - out[c * 4096 + ty * 64 + tx]));
                }
            }
        }
        assertTrue(worst < 1e-6, "worst difference " + worst);
    }

    @Test
    void aReusedDirectBufferIsReadAfreshEveryFrame() {
        // A decoder hands over the same direct buffer every frame with new pixels in it.
        int w = 32;
        int h = 24;
        ByteBuffer reused = ByteBuffer.allocateDirect(w * h * 3);
        FramePreparer p = new FramePreparer(8, 8, 3, ChannelOrder.BGR, Normalisation.unit());
        FramePreparer fresh = new FramePreparer(8, 8, 3, ChannelOrder.BGR, Normalisation.unit());
        for (long seed = 1; seed <= 3; seed++) {
            byte[] frame = randomBgr(w, h, seed);
            reused.put(0, frame);
            float[] viaReused = new float[p.frameSize()];
            float[] viaHeap = new float[p.frameSize()];
            p.prepare(reused, w, h, w * 3, PixelFormat.BGR24, viaReused, 0);
            fresh.prepare(ByteBuffer.wrap(frame), w, h, w * 3, PixelFormat.BGR24, viaHeap, 0);
            assertArrayEquals(viaHeap, viaReused, 0f, "frame " + seed);
        }
    }

    @Test
    void oneAxisShrinksWhileTheOtherGrows() {
        // 8 columns of two values -> 2 columns (area); 1 row -> 3 rows (linear: a single row repeats).
        byte[] px = new byte[8 * 3];
        for (int x = 0; x < 8; x++) {
            Arrays.fill(px, x * 3, x * 3 + 3, (byte) (x < 4 ? 40 : 200));
        }
        FramePreparer p = new FramePreparer(3, 2, 1, ChannelOrder.RGB, Normalisation.unit());
        float[] out = new float[6];
        p.prepare(ByteBuffer.wrap(px), 8, 1, 24, PixelFormat.BGR24, out, 0);
        float a = 40 / 255f;
        float b = 200 / 255f;
        assertArrayEquals(new float[] {a, b, a, b, a, b}, out, 1e-5f);
    }

    @Test
    void grayFramesFeedEveryChannelOfAColourModel() {
        byte[] gray = {10, 20, 30, 40};
        FramePreparer p = new FramePreparer(2, 2, 3, ChannelOrder.RGB, Normalisation.unit());
        float[] out = new float[12];
        p.prepare(ByteBuffer.wrap(gray), 2, 2, 2, PixelFormat.GRAY8, out, 0);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(gray[i] / 255f, out[c * 4 + i], 1e-6f);
            }
        }
    }

    @Test
    void aOneChannelModelSeesTheLumaOfAColourFrame() {
        byte[] bgr = {(byte) 200, 100, 50};
        FramePreparer p = new FramePreparer(1, 1, 1, ChannelOrder.RGB, Normalisation.unit());
        float[] out = new float[1];
        p.prepare(ByteBuffer.wrap(bgr), 1, 1, 3, PixelFormat.BGR24, out, 0);
        assertEquals((0.299f * 50 + 0.587f * 100 + 0.114f * 200) / 255f, out[0], 1e-5f);
    }

    @Test
    void rejectsABufferTooSmallForTheStatedGeometry() {
        FramePreparer p = new FramePreparer(4, 4, 3, ChannelOrder.RGB, Normalisation.unit());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.prepare(ByteBuffer.allocate(10), 8, 8, 24, PixelFormat.BGR24, new float[48], 0));
        assertEquals(true, e.getMessage().contains("too small"));
        assertThrows(IndexOutOfBoundsException.class,
                () -> p.prepare(ByteBuffer.allocate(8 * 8 * 3), 8, 8, 24, PixelFormat.BGR24, new float[47], 0));
    }
}
