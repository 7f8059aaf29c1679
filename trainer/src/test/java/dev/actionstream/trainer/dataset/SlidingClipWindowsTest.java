package dev.actionstream.trainer.dataset;

import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.SamplingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sliding windows over clips: how many, which frames (the time contract), and a split by clip. */
class SlidingClipWindowsTest {

    @TempDir
    Path dir;

    /** 4-frame windows of 8x8 at {@code fps}, sliding by {@code hop}; grey levels scaled to [0, 1]. */
    private DatasetConfig config(double fps, int hop) {
        return new DatasetConfig(4, 8, 8, ChannelOrder.BGR, 0.6, 0.2, 0.2, 11, dir.resolve("cache").toString(), null,
                SamplingConfig.sliding(fps, hop));
    }

    /** The ramp frame a prepared frame shows: frame k of a grey ramp (base 10, step 3) has level 10 + 3k. */
    private static int frameIndex(float[] window, int t, int frameSize) {
        return Math.round((window[t * frameSize] * 255 - 10) / 3);
    }

    @Test
    void aClipGivesAWindowEveryHopFramesWhileAWholeWindowFits() throws Exception {
        Path clip = TestVideos.greyRamp(dir.resolve("c.avi"), 20, 16, 12, 10, 3);
        List<float[]> windows = new ClipDecoder(config(25, 4)).decodeWindows(clip);
        assertEquals(5, windows.size(), "1 + (20 - 4) / 4");
        assertEquals(17, new ClipDecoder(config(25, 1)).decodeWindows(clip).size(), "1 + (20 - 4) / 1");
        assertEquals(4, new ClipDecoder(config(25, 5)).decodeWindows(clip).size(), "1 + (20 - 4) / 5, rounded down");
        assertArrayEquals(new int[]{0, 4, 8, 12, 16}, ClipDecoder.windowStarts(20, 4, 4));
        assertArrayEquals(new int[]{0}, ClipDecoder.windowStarts(2, 4, 4), "a short clip: one padded window");
    }

    @Test
    void windowsHoldConsecutiveFramesAtTheModelsIntervalStartingEveryHop() throws Exception {
        Path clip = TestVideos.greyRamp(dir.resolve("c.avi"), 20, 16, 12, 10, 3);
        int frameSize = 3 * 8 * 8;
        // 25 fps: every frame; window k starts at frame 2k.
        List<float[]> every = new ClipDecoder(config(25, 2)).decodeWindows(clip);
        for (int k = 0; k < every.size(); k++) {
            for (int t = 0; t < 4; t++) {
                assertEquals(2 * k + t, frameIndex(every.get(k), t, frameSize), "window " + k + ", frame " + t);
            }
        }
        // 12.5 fps (0.08 s, as served from a 25 fps stream): every second frame; a hop counts taken frames.
        List<float[]> half = new ClipDecoder(config(12.5, 1)).decodeWindows(clip);
        assertEquals(7, half.size(), "10 frames taken of 20: 1 + (10 - 4) / 1");
        for (int k = 0; k < half.size(); k++) {
            for (int t = 0; t < 4; t++) {
                assertEquals(2 * (k + t), frameIndex(half.get(k), t, frameSize), "window " + k + ", frame " + t);
            }
        }
        // The first sliding window is exactly the one window a rate model trains on without sliding.
        assertArrayEquals(new ClipDecoder(config(12.5, 1).withSampling(SamplingConfig.rate(12.5))).decode(clip),
                half.get(0));
    }

    @Test
    void theSplitIsByClipSoNoClipsWindowsCrossIt() throws Exception {
        Path root = dir.resolve("data");
        for (String c : List.of("a", "b")) {
            Path folder = Files.createDirectories(root.resolve(c));
            for (int i = 0; i < 10; i++) {
                TestVideos.greyRamp(folder.resolve("v" + i + ".avi"), 8 + i, 16, 12, 10, 3);
            }
        }
        PreparedDataset d = PreparedDataset.load(root, config(25, 2), dir.resolve("split.json"), false);
        Map<Path, String> partOf = new HashMap<>();
        Map<Path, Integer> windowsOf = new HashMap<>();
        int total = 0;
        for (Map.Entry<String, WindowSet> part : Map.of("train", d.train(), "validation", d.validation(),
                "test", d.test()).entrySet()) {
            WindowSet s = part.getValue();
            total += s.size();
            for (int i = 0; i < s.size(); i++) {
                String before = partOf.put(s.file(i), part.getKey());
                assertTrue(before == null || before.equals(part.getKey()), s.file(i) + " in " + before + " and "
                        + part.getKey());
                windowsOf.merge(s.file(i), 1, Integer::sum);
            }
        }
        assertEquals(20, partOf.size(), "every clip in one part");
        assertEquals(12, d.split().train().size(), "the split counts clips: 60 % of 20");
        int expected = 0;
        for (int i = 0; i < 10; i++) {
            expected += 2 * (1 + (8 + i - 4) / 2);
        }
        assertEquals(expected, total, "each clip gives 1 + (L - 4) / 2 windows");
        assertEquals(1 + (8 + 9 - 4) / 2, windowsOf.get(root.resolve("a").resolve("v9.avi")));

        long decoded = ClipDecoder.decodedVideos();
        PreparedDataset again = PreparedDataset.load(root, config(25, 2), dir.resolve("split.json"), false);
        assertEquals(decoded, ClipDecoder.decodedVideos(), "the second load reads every clip's windows from the cache");
        assertEquals(d.train().size(), again.train().size());
        assertArrayEquals(d.train().window(d.train().size() - 1), again.train().window(again.train().size() - 1));
        PreparedDataset other = PreparedDataset.load(root, config(25, 4), dir.resolve("split4.json"), false);
        assertTrue(other.train().size() < d.train().size(), "another hop is another cache entry, fewer windows");
    }

    @Test
    void slidingNeedsRateSampling() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SamplingConfig(dev.actionstream.config.SamplingMode.EVEN, 0, 4));
        assertTrue(e.getMessage().contains("sliding windows need rate sampling"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SamplingConfig.sliding(25, -1));
    }
}
