package dev.actionstream.exporter;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.config.fixtures.Tools;
import dev.actionstream.config.fixtures.Tools.Tool;
import dev.actionstream.exporter.parity.OrtModel;
import dev.actionstream.trainer.dataset.PreparedDataset;
import dev.actionstream.trainer.train.RunFolder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportCommandTest {

    private static final List<String> CLASSES = List.of("bars", "pattern");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int export(String... args) {
        CommandLine cli = new CommandLine(new ExportCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        System.out.print(out);
        System.err.print(err);
        return code;
    }

    @Test
    void exportsRunProvingParityOnItsTestSplit() throws Exception {
        Path data = videoFolder(dir.resolve("data"));
        // As 'actionstream train' names it: relative to the run folder (dir/run).
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 4, 16, 16, CLASSES, "../data");
        TrainingConfig config = TestFixtures.smallConfig(Architecture.LRCN, spec, 3)
                .withDataset(new DatasetConfig(4, 16, 16, spec.channelOrder(), 0.5, 0.25, 0.25, 27L,
                        dir.resolve("cache").toString(), null));
        Path run = runFolder(spec, config, TestFixtures.small(spec, 3));
        // The trainer draws the split when it first loads the data and leaves split.json in the run.
        PreparedDataset.load(data, config.dataset(), run.resolve("split.json"));
        Path model = dir.resolve("models/lrcn.onnx");

        int code = export("--model", run.toString(), "--out", model.toString(), "--split-form", "--random-windows", "3");

        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("test split: 2 windows"), out.toString());
        assertTrue(out.toString().contains("parity proven on 5 windows (2 test, 3 random)"), out.toString());
        assertTrue(Files.isRegularFile(model));
        assertTrue(Files.isRegularFile(dir.resolve("models/lrcn.encoder.onnx")));
        assertTrue(Files.isRegularFile(dir.resolve("models/lrcn.head.onnx")));
    }

    @Test
    void exportsWithRandomWindowsWhenTheDataFolderIsGone() throws IOException {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 4, 16, 16, CLASSES, dir.resolve("gone").toString());
        Path run = runFolder(spec, TestFixtures.smallConfig(Architecture.LRCN, spec, 1), TestFixtures.small(spec, 1));
        Path model = dir.resolve("lrcn.onnx");

        int code = export("--model", run.toString(), "--out", model.toString(), "--random-windows", "2");

        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("test split: skipped (data folder " + dir.resolve("gone") + " no longer exists)"),
                out.toString());
        assertTrue(Files.isRegularFile(model));
    }

    @Test
    void exportsConvLstmRunFolder() throws IOException {
        ModelSpec spec = TestFixtures.spec(Architecture.CONVLSTM, 4, 16, 16, CLASSES, "");
        Path run = runFolder(spec, TestFixtures.smallConfig(Architecture.CONVLSTM, spec, 1), TestFixtures.small(spec, 1));
        Path model = dir.resolve("convlstm.onnx");

        int code = export("--model", run.toString(), "--out", model.toString(), "--random-windows", "2",
                "--name", "convlstm-demo");

        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("test split: skipped (spec.json names no training data folder)"), out.toString());
        assertTrue(out.toString().contains("model 'convlstm-demo'"), out.toString());
        try (OrtModel onnx = new OrtModel(model)) {
            assertEquals(spec.withName("convlstm-demo"),
                    ModelSpec.fromJson(onnx.customMetadata().get(ModelSpec.METADATA_KEY)));
        }
    }

    @Test
    void missingModelFailsNamingTheFileAndWritesNothing() throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("spec.json"), TestFixtures.spec(Architecture.LRCN, 4, 16, 16).toJson());
        Path model = dir.resolve("m.onnx");

        int code = export("--model", run.toString(), "--out", model.toString());

        assertEquals(1, code);
        assertTrue(err.toString().contains("has no model.zip"), err.toString());
        assertFalse(Files.exists(model));
    }

    @Test
    void splitFormOfConvLstmIsRefused() throws IOException {
        ModelSpec spec = TestFixtures.spec(Architecture.CONVLSTM, 4, 16, 16);
        Path run = runFolder(spec, TestFixtures.smallConfig(Architecture.CONVLSTM, spec, 1), TestFixtures.small(spec, 1));
        Path model = dir.resolve("c.onnx");

        int code = export("--model", run.toString(), "--out", model.toString(), "--split-form");

        assertEquals(1, code);
        assertTrue(err.toString().contains("--split-form needs a per-frame encoder"), err.toString());
        assertFalse(Files.exists(model));
    }

    private Path runFolder(ModelSpec spec, TrainingConfig config, MultiLayerNetwork net) throws IOException {
        Path run = Files.createDirectories(dir.resolve("run"));
        // Written the way 'actionstream train' writes a run.
        RunFolder folder = new RunFolder(run);
        folder.writeModel(net);
        folder.writeSpec(spec);
        Files.writeString(folder.config(), ConfigLoader.toYaml(config));
        return run;
    }

    /** Real video files, four per class, made by the ffmpeg CLI from two different test sources. */
    private static Path videoFolder(Path root) throws IOException, InterruptedException {
        Tools.require(Tool.FFMPEG);
        String[] sources = {"smptebars", "testsrc"};
        for (int c = 0; c < CLASSES.size(); c++) {
            Path folder = Files.createDirectories(root.resolve(CLASSES.get(c)));
            for (int v = 0; v < 4; v++) {
                Path file = folder.resolve("clip" + v + ".avi");
                Process p = new ProcessBuilder("ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                        sources[c] + "=size=64x48:rate=10:duration=1", "-vf", "hue=h=" + (v * 40),
                        "-c:v", "mpeg4", file.toString()).inheritIO().start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("ffmpeg could not write " + file);
                }
            }
        }
        return root;
    }
}
