package dev.actionstream.trainer.dataset;

import dev.actionstream.config.DatasetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreparedDatasetTest {

    @TempDir
    Path dir;

    private Path dataset(int perClass) throws Exception {
        Path root = dir.resolve("data");
        String[] classes = {"Swing", "TaiChi", "HorseRace"};
        for (int c = 0; c < classes.length; c++) {
            Path folder = Files.createDirectories(root.resolve(classes[c]));
            for (int i = 0; i < perClass; i++) {
                TestVideos.greyRamp(folder.resolve("v" + i + ".avi"), 4 + i % 3, 16, 12, 20 * c, 3);
            }
        }
        return root;
    }

    private DatasetConfig config() {
        return new DatasetConfig(4, 8, 8, dev.actionstream.config.ChannelOrder.BGR, 0.6, 0.2, 0.2, 11,
                dir.resolve("cache").toString(), null);
    }

    @Test
    void classesAreSortedFolderNamesAndShapesFollowTheConfig() throws Exception {
        Path root = dataset(5);
        PreparedDataset d = PreparedDataset.load(root, config(), dir.resolve("split.json"));
        assertEquals(List.of("HorseRace", "Swing", "TaiChi"), d.classes());
        assertEquals(15, d.train().size() + d.validation().size() + d.test().size());
        assertEquals(4 * 3 * 8 * 8, d.train().window(0).length);
        assertEquals(4, d.train().frames());
        assertTrue(d.skipped().isEmpty());
    }

    @Test
    void splitIsStratifiedAndDeterministic() throws Exception {
        Path root = dataset(10);
        PreparedDataset a = PreparedDataset.load(root, config(), dir.resolve("a.json"));
        PreparedDataset b = PreparedDataset.load(root, config(), dir.resolve("b.json"));
        assertEquals(a.split(), b.split());
        for (WindowSet s : List.of(a.train(), a.validation(), a.test())) {
            int[] perClass = new int[3];
            for (int i = 0; i < s.size(); i++) {
                perClass[s.label(i)]++;
            }
            assertEquals(perClass[0], perClass[1], "stratified");
            assertEquals(perClass[1], perClass[2], "stratified");
        }
        assertEquals(18, a.train().size());
        assertEquals(6, a.validation().size());
        assertEquals(6, a.test().size());
        Set<Path> seen = new HashSet<>();
        for (WindowSet s : List.of(a.train(), a.validation(), a.test())) {
            for (int i = 0; i < s.size(); i++) {
                assertTrue(seen.add(s.file(i)), "no video in two splits");
            }
        }
        DatasetConfig otherSeed = new DatasetConfig(4, 8, 8, dev.actionstream.config.ChannelOrder.BGR, 0.6, 0.2,
                0.2, 12, dir.resolve("cache").toString(), null);
        assertTrue(!PreparedDataset.load(root, otherSeed, null).split().equals(a.split()), "seed changes the split");
    }

    @Test
    void existingSplitFileIsReusedEvenWhenTheFolderGrows() throws Exception {
        Path root = dataset(5);
        Path splitFile = dir.resolve("split.json");
        PreparedDataset first = PreparedDataset.load(root, config(), splitFile);
        TestVideos.greyRamp(root.resolve("Swing").resolve("zz-new.avi"), 5, 16, 12, 0, 1);
        PreparedDataset second = PreparedDataset.load(root, config(), splitFile);
        assertEquals(first.split(), second.split());
        assertEquals(first.test().size(), second.test().size());
    }

    @Test
    void secondLoadReadsTheCacheInsteadOfDecoding() throws Exception {
        Path root = dataset(4);
        PreparedDataset first = PreparedDataset.load(root, config(), null);
        long before = ClipDecoder.decodedVideos();
        PreparedDataset second = PreparedDataset.load(root, config(), null);
        assertEquals(before, ClipDecoder.decodedVideos(), "no video decoded on the second load");
        for (int i = 0; i < first.train().size(); i++) {
            assertArrayEquals(first.train().window(i), second.train().window(i), 0f);
        }
        DatasetConfig otherSize = new DatasetConfig(4, 6, 6, dev.actionstream.config.ChannelOrder.BGR, 0.6, 0.2,
                0.2, 11, dir.resolve("cache").toString(), null);
        PreparedDataset.load(root, otherSize, null);
        assertTrue(ClipDecoder.decodedVideos() > before, "changed preparation settings miss the cache");
    }

    @Test
    void loadingOnePartDecodesOnlyTheVideosItLists() throws Exception {
        Path root = dataset(10);
        Path splitFile = dir.resolve("split.json");
        PreparedDataset whole = PreparedDataset.load(root, config(), splitFile);
        DatasetConfig freshCache = new DatasetConfig(4, 8, 8, dev.actionstream.config.ChannelOrder.BGR, 0.6, 0.2,
                0.2, 11, dir.resolve("other-cache").toString(), null);
        long before = ClipDecoder.decodedVideos();
        PreparedDataset.Part test = PreparedDataset.loadPart(root, freshCache, splitFile, "test", false);
        assertEquals(6, ClipDecoder.decodedVideos() - before, "the 6 test videos decoded, none of the other 24");
        assertEquals(whole.classes(), test.classes());
        assertEquals(whole.test().size(), test.windows().size());
        for (int i = 0; i < test.windows().size(); i++) {
            assertEquals(whole.test().file(i), test.windows().file(i));
            assertEquals(whole.test().label(i), test.windows().label(i));
            assertArrayEquals(whole.test().window(i), test.windows().window(i), 0f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PreparedDataset.loadPart(root, freshCache, splitFile, "holdout", false));
        assertTrue(e.getMessage().contains("unknown split 'holdout'"), e.getMessage());
    }

    @Test
    void unreadableVideosAreReportedByNameAndSkipped() throws Exception {
        Path root = dataset(4);
        Files.write(root.resolve("Swing").resolve("broken.mp4"), new byte[] {1, 2, 3, 4, 5});
        Files.createFile(root.resolve("TaiChi").resolve("empty.avi"));
        PreparedDataset d = PreparedDataset.load(root, config(), null);
        assertEquals(12, d.train().size() + d.validation().size() + d.test().size());
        List<String> skipped = new ArrayList<>(d.skipped());
        assertEquals(2, skipped.size(), skipped.toString());
        assertTrue(skipped.stream().anyMatch(s -> s.contains("broken.mp4")), skipped.toString());
        assertTrue(skipped.stream().anyMatch(s -> s.contains("empty.avi")), skipped.toString());
    }

    @Test
    void folderWithoutClassesIsAClearError() throws Exception {
        Path root = Files.createDirectories(dir.resolve("flat"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PreparedDataset.load(root, config(), null));
        assertTrue(e.getMessage().contains("class sub-folders"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> PreparedDataset.load(dir.resolve("nope"), config(), null));
    }
}
