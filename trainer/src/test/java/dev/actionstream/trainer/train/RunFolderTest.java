package dev.actionstream.trainer.train;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.model.NetworkFactory;
import dev.actionstream.trainer.model.NetworkOutput;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFolderTest {

    @TempDir
    Path dir;

    @Test
    void savedModelsRestoreWithIdenticalOutputs() throws Exception {
        for (Architecture a : Architecture.values()) {
            ModelSpec spec = TinyData.spec(a);
            TrainingConfig cfg = TinyData.config(a, 1, 0);
            MultiLayerNetwork net = NetworkFactory.build(cfg, spec);
            List<float[]> windows = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                windows.add(TinyData.windows(3, 5, false).window(i));
            }
            RunFolder run = new RunFolder(Files.createDirectories(dir.resolve(a.id())));
            run.writeModel(net);
            run.writeSpec(spec);

            RunFolder reopened = RunFolder.open(run.root());
            MultiLayerNetwork restored = reopened.loadModel();

            assertEquals(spec, reopened.readSpec());
            assertEquals(net.params(), restored.params(), a.id());
            float[][] before = NetworkOutput.predict(net, spec, windows);
            float[][] after = NetworkOutput.predict(restored, spec, windows);
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], after[i], a.id());
            }
        }
    }

    @Test
    void corruptModelZipGivesAnErrorNamingTheFile() throws Exception {
        RunFolder run = new RunFolder(dir);
        Files.write(run.model(), new byte[] {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7});
        run.writeSpec(TinyData.spec(Architecture.LRCN));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(dir).loadModel());

        assertTrue(e.getMessage().contains("model.zip") && e.getMessage().contains("not a readable DL4J model"),
                e.getMessage());
    }

    @Test
    void missingRunFolderOrModelIsReportedByName() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(dir.resolve("nope")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(dir));
        assertTrue(empty.getMessage().contains("has no model.zip"), empty.getMessage());
    }

    @Test
    void trainingDataIsNamedRelativeToTheRunFolderAndResolvesBack() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data").resolve("synthetic12"));
        RunFolder run = new RunFolder(dir.resolve("runs").resolve("lrcn"));

        String reference = run.trainingDataReference(data);
        ModelSpec spec = TinyData.spec(Architecture.LRCN).withTrainingData(reference);

        assertEquals("../../data/synthetic12", reference);
        assertEquals(data.toAbsolutePath().normalize(), run.trainingData(spec));
    }

    @Test
    void anAbsoluteTrainingDataPathOfAnOlderRunStillResolves() {
        RunFolder run = new RunFolder(dir.resolve("run"));
        Path elsewhere = dir.resolve("old").resolve("data").toAbsolutePath();
        ModelSpec spec = TinyData.spec(Architecture.LRCN);

        assertEquals(elsewhere, run.trainingData(spec.withTrainingData(elsewhere.toString())));
        assertNull(run.trainingData(spec.withTrainingData("")));
    }
}
