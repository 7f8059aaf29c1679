package dev.actionstream.trainer.predict;

import dev.actionstream.synth.Action;
import dev.actionstream.trainer.cli.PredictCommand;
import dev.actionstream.trainer.train.RunFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped exported LRCN, scored by ONNX Runtime, answers as its run folder does under DL4J. */
class OnnxWindowScorerTest {

    @TempDir
    static Path dir;
    static Path clip;
    static VideoScores fromRun;

    @BeforeAll
    static void scoreTheRunFolder() throws Exception {
        clip = ShippedModels.clip(dir.resolve("clips"), Action.HANDWAVING, 16);
        try (WindowScorer scorer = Dl4jWindowScorer.open(RunFolder.open(ShippedModels.LRCN_RUN))) {
            fromRun = new VideoScorer(scorer).score(clip, false);
        }
    }

    @Test
    void onnxFileGivesTheRunFoldersTop1AndProbabilities() throws Exception {
        assertSameAsRun(ShippedModels.LRCN_ONNX);
    }

    @Test
    void splitHeadWithItsEncoderBesideItGivesTheRunFoldersTop1AndProbabilities() throws Exception {
        assertSameAsRun(ShippedModels.LRCN_HEAD);
    }

    private static void assertSameAsRun(Path onnx) throws Exception {
        VideoScores fromOnnx;
        try (WindowScorer scorer = WindowScorers.open(onnx)) {
            assertEquals(RunFolder.open(ShippedModels.LRCN_RUN).readSpec().labels(), scorer.spec().labels());
            fromOnnx = new VideoScorer(scorer).score(clip, false);
        }

        assertEquals(fromRun.windows(), fromOnnx.windows());
        assertEquals(fromRun.videoLabel().label(), fromOnnx.videoLabel().label());
        for (int i = 0; i < fromRun.windows(); i++) {
            float[] expected = fromRun.window(i);
            float[] actual = fromOnnx.window(i);
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], actual[c], 1e-4, onnx.getFileName() + " window " + i + " class " + c);
            }
        }
    }

    @Test
    void predictAcceptsAnOnnxFile() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = new CommandLine(new PredictCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--model", ShippedModels.LRCN_ONNX.toString(), "--video", clip.toString(), "--top", "2",
                        "--no-progress");

        assertEquals(0, exit, err.toString());
        assertTrue(out.toString().contains("1. " + fromRun.videoLabel().label() + " "), out.toString());
        assertTrue(out.toString().contains("ONNX lrcn-synthetic.onnx"), out.toString());
    }

    @Test
    void splitHalfWithoutItsOtherHalfIsRefusedByName() throws Exception {
        Path lone = Files.copy(ShippedModels.LRCN_HEAD, Files.createDirectories(dir.resolve("lone"))
                .resolve("lrcn-synthetic.head.onnx"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowScorers.open(lone));

        assertTrue(e.getMessage().contains("lrcn-synthetic.encoder.onnx") && e.getMessage().contains("missing"),
                e.getMessage());
    }

    @Test
    void fileThatIsNotOnnxIsRefusedByName() throws Exception {
        Path fake = Files.writeString(dir.resolve("fake.onnx"), "not a model");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowScorers.open(fake));

        assertTrue(e.getMessage().contains("fake.onnx is not a loadable ONNX model"), e.getMessage());
    }
}
