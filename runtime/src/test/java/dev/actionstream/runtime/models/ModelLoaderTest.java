package dev.actionstream.runtime.models;

import ai.onnxruntime.OrtEnvironment;
import dev.actionstream.config.OnnxContract;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.config.WindowSampling;
import dev.actionstream.runtime.fixtures.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelLoaderTest {

    @TempDir
    Path dir;

    static ModelLoader cpuLoader() {
        RuntimeConfig.Scoring cpu = new RuntimeConfig.Scoring("cpu", 1, 1, 1, 4, 0);
        return new ModelLoader(new SessionFactory(OrtEnvironment.getEnvironment(), cpu));
    }

    @Test
    void loadsColourModelWithItsSpec() throws Exception {
        Path file = TestModels.colour(dir.resolve("colour.onnx"), "colour", "7", 4, 8, 10);
        try (LoadedModel m = cpuLoader().load(file)) {
            assertEquals("colour.onnx", m.key());
            assertEquals("7", m.spec().version());
            assertEquals(4, m.spec().framesPerWindow());
            assertEquals(3 * 8 * 10, m.elementSize());
            assertEquals("CPU", m.executionProvider());
            assertFalse(m.split());
        }
    }

    @Test
    void aModelWithoutSamplingWarnsOnceNamingTheFileAndOneWithSamplingDoesNot() throws Exception {
        Path split = TestModels.exportedSplitColour(dir, "older", "1", 4, 8, 8);
        Path sampled = TestModels.colourSampled(dir.resolve("newer.onnx"), "colour", "2", 4, 8, 8,
                WindowSampling.rate(12.5));
        String older = logOf(split);
        String newer = logOf(sampled);
        long warnings = older.lines().filter(l -> l.contains("does not say how far apart in time")).count();
        assertEquals(1, warnings, "one warning for a split export without sampling (full, encoder, head):\n" + older);
        assertTrue(older.contains("older.head.onnx does not say"), older);
        assertFalse(newer.contains("does not say how far apart in time"), newer);
    }

    /** What loading {@code file} writes to the log (slf4j-simple writes to the current System.err). */
    private static String logOf(Path file) throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (LoadedModel m = cpuLoader().load(file)) {
            assertEquals(4, m.spec().framesPerWindow());
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheOodScoreOutputWithTheThresholdOfItsCalibration() throws Exception {
        Path file = TestModels.colourWithOodScore(dir.resolve("ood.onnx"), "ood", 4, 8, 8,
                TestModels.calibration(3.5, 1.6, false), false);
        try (LoadedModel m = cpuLoader().load(file)) {
            assertTrue(m.scoresUnknown());
            assertEquals(OnnxContract.OOD_SCORE, m.scoreName());
            assertEquals(3.5, m.unknownThreshold(null), "the spec's threshold");
            assertEquals(7.0, m.unknownThreshold(7.0), "serve config's events.unknownThreshold wins");
            assertEquals(1.6, m.temperatureToApply(), "not in the graph: the runtime applies it");
        }
        Path inGraph = TestModels.colourWithOodScore(dir.resolve("in-graph.onnx"), "ood", 4, 8, 8,
                TestModels.calibration(3.5, 1.6, true), false);
        try (LoadedModel m = cpuLoader().load(inGraph)) {
            assertEquals(1.0, m.temperatureToApply(), "in the graph: nothing left to do");
        }
    }

    @Test
    void aModelExportedBeforeTheScoreLoadsWithoutIt() throws Exception {
        Path file = TestModels.colour(dir.resolve("old.onnx"), "old", "1", 4, 8, 8);
        try (LoadedModel m = cpuLoader().load(file)) {
            assertFalse(m.scoresUnknown());
            assertTrue(Double.isNaN(m.unknownThreshold(5.0)), "no score, no threshold, whatever the config says");
            assertEquals(1.0, m.temperatureToApply());
        }
    }

    @Test
    void rejectsAnOodScoreTheSpecCannotInterpret() throws Exception {
        Path noCalibration = TestModels.colourWithOodScore(dir.resolve("a.onnx"), "a", 4, 8, 8, null, false);
        var e = assertThrows(ModelRejectedException.class, () -> cpuLoader().load(noCalibration));
        assertTrue(e.getMessage().contains("has an 'ood_score' output but its spec has no calibration"),
                e.getMessage());
        Path noScore = TestModels.colourCalibratedWithoutScore(dir.resolve("b.onnx"), 4, 8, 8);
        e = assertThrows(ModelRejectedException.class, () -> cpuLoader().load(noScore));
        assertTrue(e.getMessage().contains("has a calibration") && e.getMessage().contains("no 'ood_score' output"),
                e.getMessage());
        Path wrongShape = TestModels.colourWithOodScore(dir.resolve("c.onnx"), "c", 4, 8, 8,
                TestModels.calibration(3.5, 1, true), true);
        e = assertThrows(ModelRejectedException.class, () -> cpuLoader().load(wrongShape));
        assertTrue(e.getMessage().contains("'ood_score' has shape [-1, 1] but its spec implies [N]"), e.getMessage());
    }

    @Test
    void rejectsGarbage() throws Exception {
        Path file = TestModels.garbage(dir.resolve("garbage.onnx"), 1);
        var e = assertThrows(ModelRejectedException.class, () -> cpuLoader().load(file));
        assertTrue(e.getMessage().contains("not a loadable ONNX model"), e.getMessage());
    }

    @Test
    void rejectsModelWithoutMetadata() throws Exception {
        Path file = TestModels.withoutMetadata(dir.resolve("bare.onnx"), 4, 8, 8);
        var e = assertThrows(ModelRejectedException.class, () -> cpuLoader().load(file));
        assertTrue(e.getMessage().contains("no 'actionstream.spec' metadata"), e.getMessage());
    }

    @Test
    void rejectsInputShapeContradictingSpec() throws Exception {
        Path file = TestModels.shapeMismatch(dir.resolve("mismatch.onnx"), 4, 8, 8);
        var e = assertThrows(ModelRejectedException.class, () -> cpuLoader().load(file));
        assertTrue(e.getMessage().contains("'frames' has shape [-1, 8, 3, 8, 8] but its spec implies [N, 4, 3, 8, 8]"),
                e.getMessage());
    }

    @Test
    void rejectsModelThatFailsAtInference() throws Exception {
        Path file = TestModels.failsAtInference(dir.resolve("broken.onnx"), 4, 8, 8);
        var e = assertThrows(ModelRejectedException.class, () -> cpuLoader().load(file));
        assertTrue(e.getMessage().contains("warm-up inference failed"), e.getMessage());
    }

    @Test
    void loadsSplitModelThroughEitherHalf() throws Exception {
        Path head = TestModels.splitColour(dir, "lrcn", "3", 5, 8, 8);
        try (LoadedModel viaHead = cpuLoader().load(head);
             LoadedModel viaEncoder = cpuLoader().load(dir.resolve("lrcn.encoder.onnx"))) {
            assertTrue(viaHead.split());
            assertEquals(3, viaHead.featureSize());
            assertEquals(5 * 3, viaHead.windowSize());
            assertEquals("lrcn.head.onnx", viaEncoder.key());
        }
    }

    @Test
    void servesAFullModelExportedWithItsSplitFormSplit() throws Exception {
        Path full = TestModels.exportedSplitColour(dir, "both", "2", 4, 8, 8);
        try (LoadedModel m = cpuLoader().load(full)) {
            assertTrue(m.split(), "the halves beside it are preferred");
            assertEquals("both.onnx", m.key());
            assertEquals(3, m.featureSize());
        }
        java.nio.file.Files.delete(dir.resolve("both.encoder.onnx"));
        try (LoadedModel m = cpuLoader().load(full)) {
            assertFalse(m.split(), "without its halves it is served whole");
        }
    }

    @Test
    void aSplitExportRenamedAsAWholeIsStillServedSplit() throws Exception {
        TestModels.exportedSplitColour(dir, "old", "3", 4, 8, 8);
        for (String suffix : new String[] {".onnx", ".encoder.onnx", ".head.onnx"}) {
            java.nio.file.Files.move(dir.resolve("old" + suffix), dir.resolve("new" + suffix));
        }
        try (LoadedModel full = cpuLoader().load(dir.resolve("new.onnx"));
             LoadedModel head = cpuLoader().load(dir.resolve("new.head.onnx"))) {
            assertTrue(full.split(), "the one-piece file finds its renamed halves");
            assertTrue(head.split(), "the head finds its renamed encoder");
            assertEquals(dir.resolve("new.head.onnx"), head.file());
        }
    }

    @Test
    void halvesOfDifferentExportsAreRejected() throws Exception {
        TestModels.splitColour(dir, "a", "1", 4, 8, 8);
        Path other = java.nio.file.Files.createDirectories(dir.resolve("other"));
        TestModels.splitColour(other, "a", "2", 4, 8, 8);
        java.nio.file.Files.move(other.resolve("a.encoder.onnx"), dir.resolve("a.encoder.onnx"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ModelRejectedException e = assertThrows(ModelRejectedException.class,
                () -> cpuLoader().load(dir.resolve("a.head.onnx")));
        assertTrue(e.getMessage().contains("different exports"), e.getMessage());
    }
}
