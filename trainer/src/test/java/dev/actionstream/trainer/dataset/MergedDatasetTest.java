package dev.actionstream.trainer.dataset;

import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.SamplingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging a base run's own clips, written again from its recipe, with captured ones. */
class MergedDatasetTest {

    @TempDir
    Path dir;

    private static BaseTrainingData.SynthRecipe recipe(long seed, int videos, int frames) {
        return new BaseTrainingData.SynthRecipe(seed, videos, frames, 32, 24, 25, 0, 0,
                List.of("boxing", "handwaving"));
    }

    private DatasetConfig sliding(int hop) {
        return new DatasetConfig(4, 8, 8, ChannelOrder.BGR, 0.6, 0.2, 0.2, 11, dir.resolve("cache").toString(), null,
                SamplingConfig.sliding(25, hop));
    }

    private Path captured() throws Exception {
        Path root = dir.resolve("captured");
        for (String label : List.of("boxing", "squats")) {
            Path folder = Files.createDirectories(root.resolve(label));
            for (int i = 0; i < 3; i++) {
                TestVideos.greyRamp(folder.resolve(label + i + ".avi"), 40, 16, 12, 10, 3);
            }
        }
        return root;
    }

    @Test
    void baseClipsBalanceTheMeanCapturedLabelsWindows() throws Exception {
        Path captured = captured();
        // Captured: 3 clips of 40 frames per label, 1 + (40 - 4) / 4 = 10 windows each: 30 per label. Base clips of
        // 12 frames give 1 + 8 / 4 = 3 windows: 10 clips per action.
        BaseTrainingData base = new BaseTrainingData(List.of(recipe(5, 100, 12)));
        assertEquals(10, MergedDataset.baseClipsPerAction(captured, sliding(4), base, 1));
        assertEquals(16, MergedDataset.baseClipsPerAction(captured, sliding(4), base, 16), "at least the minimum");
        assertEquals(4, MergedDataset.baseClipsPerAction(captured, sliding(4),
                new BaseTrainingData(List.of(recipe(5, 4, 12))), 8), "at most what the recipe has, minimum or not");
        // Without sliding every clip is one window: 3 per label, 3 base clips.
        DatasetConfig oneEach = sliding(4).withSampling(SamplingConfig.rate(25));
        assertEquals(3, MergedDataset.baseClipsPerAction(captured, oneEach, base, 1));
    }

    @Test
    void recipesShareTheClipsInProportionToTheirSize() {
        BaseTrainingData base = new BaseTrainingData(List.of(recipe(1, 2000, 12), recipe(2, 1200, 12),
                recipe(3, 600, 8)));
        assertArrayEquals(new int[]{53, 32, 16}, base.share(100));
        assertArrayEquals(new int[]{1, 1, 1}, base.share(1), "each recipe gives at least one");
    }

    @Test
    void mergedFolderLinksBothUnderTheUnionOfLabelsAndRegeneratesTheRunsOwnClips() throws Exception {
        BaseTrainingData base = new BaseTrainingData(List.of(recipe(5, 20, 6), recipe(6, 10, 6)));
        List<Path> written = base.regenerate(dir.resolve("base"), 6, sliding(4));
        Map<String, Integer> clips = MergedDataset.link(captured(), written, dir.resolve("merged"));

        assertEquals(Map.of("boxing", 3 + 6, "squats", 3, "handwaving", 6), clips);
        assertEquals(List.of("boxing", "handwaving", "squats"),
                VideoFolderDataset.scan(dir.resolve("merged")).classes());
        Path link = dir.resolve("merged").resolve("squats").resolve("c_squats0.avi");
        assertTrue(Files.isSymbolicLink(link), "linked, not copied");
        // Clip i of a recipe is the clip the run trained on, whatever the count written.
        Path full = dir.resolve("full");
        new dev.actionstream.synth.video.SyntheticDatasetWriter(base.synthetic().get(0).settings(full, 20, 6))
                .write(false);
        assertArrayEquals(Files.readAllBytes(full.resolve("handwaving").resolve("handwaving_003.mp4")),
                Files.readAllBytes(written.get(0).resolve("handwaving").resolve("handwaving_003.mp4")));
        assertThrows(IllegalArgumentException.class,
                () -> MergedDataset.link(captured(), written, dir.resolve("merged")), "never into an old folder");
    }

    @Test
    void clipsTooShortForASlowerWindowAreWrittenLonger() throws Exception {
        BaseTrainingData base = new BaseTrainingData(List.of(recipe(5, 20, 6)));
        // Four frames taken at 12.5 fps from 25 fps clips span frames 0, 2, 4 and 6: seven frames, one more than the
        // recipe wrote. At the recipe's own rate its six frames hold a window, and stay six.
        DatasetConfig slower = sliding(2).withSampling(SamplingConfig.sliding(12.5, 2));
        Path longer = base.regenerate(dir.resolve("slower"), 2, slower).get(0);
        Path same = base.regenerate(dir.resolve("same"), 2, sliding(2)).get(0);
        assertEquals(7, frames(longer.resolve("boxing").resolve("boxing_001.mp4")));
        assertEquals(6, frames(same.resolve("boxing").resolve("boxing_001.mp4")));
    }

    private static int frames(Path clip) throws Exception {
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = ClipDecoder.open(clip)) {
            int n = 0;
            while (g.grabImage() != null) {
                n++;
            }
            return n;
        }
    }

    @Test
    void aClipCacheWritesEachClipOnceAndLaterRunsHoldTheSameBytesAsLinks() throws Exception {
        BaseTrainingData base = new BaseTrainingData(List.of(recipe(5, 20, 6), recipe(6, 10, 6)));
        Path cache = dir.resolve("clips");
        Path otherBuild = Files.createDirectories(cache.resolve("0.0.9-abc").resolve("seed5-32x24-6frames-0"));
        Files.write(otherBuild.resolve("boxing_000.mp4"), new byte[] {1});
        BaseTrainingData.Regenerated first = base.regenerate(dir.resolve("first"), 3, sliding(4), cache);
        assertFalse(Files.exists(cache.resolve("0.0.9-abc")), "another build's clips are dropped, never taken");
        assertEquals(List.of(cache.resolve(BaseTrainingData.BUILD)), listed(cache));
        // Shared 2 + 1 per action, two actions: six clips, all new.
        assertEquals(6, first.written());
        assertEquals(0, first.reused());

        BaseTrainingData.Regenerated second = base.regenerate(dir.resolve("second"), 6, sliding(4), cache);
        // Now 4 + 2 per action: only the clips past the first ones are written.
        assertEquals(12 - 6, second.written());
        assertEquals(6, second.reused());
        List<Path> plain = base.regenerate(dir.resolve("plain"), 6, sliding(4));
        for (int r = 0; r < 2; r++) {
            for (String action : List.of("boxing", "handwaving")) {
                List<Path> linked = listed(second.folders().get(r).resolve(action));
                assertEquals(listed(plain.get(r).resolve(action)).stream().map(Path::getFileName).toList(),
                        linked.stream().map(Path::getFileName).toList());
                for (Path clip : linked) {
                    assertArrayEquals(Files.readAllBytes(plain.get(r).resolve(action).resolve(clip.getFileName())),
                            Files.readAllBytes(clip), clip + " is the clip the run trained on");
                    assertTrue((int) Files.getAttribute(clip, "unix:nlink") > 1, clip + ": the cache's, linked");
                }
            }
        }
        // Runs keep their clips when the cache goes.
        try (Stream<Path> files = Files.walk(cache)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertEquals(12, VideoFolderDataset.scan(second.folders().get(0)).samples().size()
                + VideoFolderDataset.scan(second.folders().get(1)).samples().size());
    }

    private static List<Path> listed(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aRunWithoutARecordCannotBeMergedAndSaysWhy() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BaseTrainingData.of(Files.createDirectories(dir.resolve("run"))));
        assertTrue(e.getMessage().contains("does not record its training data"), e.getMessage());
        Files.writeString(dir.resolve("run").resolve(BaseTrainingData.FILE), "{\"synthetic\": [{\"seed\": 1}]}");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> BaseTrainingData.of(dir.resolve("run")));
        assertTrue(bad.getMessage().contains(BaseTrainingData.FILE), bad.getMessage());
    }
}
