package dev.actionstream.trainer.train;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.model.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitialWeightsTest {

    @TempDir
    static Path dir;

    private static Path data;
    private static TrainingConfig config;
    private static RunFolder earlier;

    @BeforeAll
    static void trainAnEarlierRun() throws Exception {
        data = TestDatasets.write(dir.resolve("synthetic"));
        config = TestDatasets.tinyConfig(Architecture.LRCN, dir.resolve("cache"), 1);
        earlier = new RunFolder(dir.resolve("earlier"));
        new TrainingRun(config, new PrintWriter(new StringWriter()), false).train(data, earlier);
    }

    @Test
    void aFreshNetworkTakesTheEarlierRunsWeights() {
        ModelSpec spec = earlier.readSpec();
        MultiLayerNetwork net = NetworkFactory.build(config, spec);
        assertNotEquals(earlier.loadModel().params(), net.params(), "a fresh network must differ to begin with");

        InitialWeights.copy(earlier.root(), spec, net);

        assertEquals(earlier.loadModel().params(), net.params());
    }

    @Test
    void fineTuningRunRecordsWhereItsWeightsCameFrom() throws Exception {
        TrainingConfig fineTune = config.withInitFrom(earlier.root().toString());
        RunFolder run = new RunFolder(dir.resolve("fine-tuned"));
        StringWriter log = new StringWriter();

        new TrainingRun(fineTune, new PrintWriter(log), false).train(data, run);

        assertTrue(log.toString().contains("weights from " + earlier.root()), log.toString());
        assertEquals(fineTune, ConfigLoader.load(run.config(), TrainingConfig.class, TrainingConfig.defaults()));
    }

    @Test
    void refusesARunTrainedForOtherInputs() {
        ModelSpec spec = earlier.readSpec();
        ModelSpec centred = variant(spec, spec.framesPerWindow(),
                new Normalisation(new float[] {0.5f}, new float[] {0.25f}));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InitialWeights.copy(earlier.root(), centred, NetworkFactory.build(config, centred)));

        assertTrue(e.getMessage().contains("normalisation"), e.getMessage());
    }

    @Test
    void anLrcnRunServesAsTheStartForAnotherWindowLength() {
        ModelSpec spec = earlier.readSpec();
        ModelSpec longer = variant(spec, spec.framesPerWindow() * 2, spec.normalisation());
        MultiLayerNetwork net = NetworkFactory.build(shapedFor(config, longer), longer);

        InitialWeights.copy(earlier.root(), longer, net);

        assertEquals(earlier.loadModel().params(), net.params());
    }

    @Test
    void aConvLstmRunCannotChangeItsWindowLength() throws Exception {
        TrainingConfig convlstm = TestDatasets.tinyConfig(Architecture.CONVLSTM, dir.resolve("cache"), 1);
        RunFolder run = new RunFolder(dir.resolve("convlstm"));
        new TrainingRun(convlstm, new PrintWriter(new StringWriter()), false).train(data, run);
        ModelSpec spec = run.readSpec();
        ModelSpec longer = variant(spec, spec.framesPerWindow() * 2, spec.normalisation());
        MultiLayerNetwork net = NetworkFactory.build(shapedFor(convlstm, longer), longer);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InitialWeights.copy(run.root(), longer, net));

        assertTrue(e.getMessage().contains("layer sizes differ"), e.getMessage());
    }

    @Test
    void refusesARunWithOtherLayerSizes() {
        ModelSpec spec = earlier.readSpec();
        TrainingConfig wider = new TrainingConfig(config.architecture(), config.dataset(), 1, 4, 1e-2, 5L, 3, false,
                config.convlstm(), new TrainingConfig.Lrcn(List.of(4, 8), List.of(2, 2), 0.25, 4));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InitialWeights.copy(earlier.root(), spec, NetworkFactory.build(wider, spec)));

        assertTrue(e.getMessage().contains("layer sizes differ"), e.getMessage());
    }

    @Test
    void refusesAFolderThatIsNotARun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InitialWeights.copy(dir.resolve("synthetic"), earlier.readSpec(),
                        NetworkFactory.build(config, earlier.readSpec())));

        assertTrue(e.getMessage().contains("model.zip"), e.getMessage());
    }

    /** {@code spec} with another window length and normalisation, all else kept. */
    private static ModelSpec variant(ModelSpec spec, int frames, Normalisation normalisation) {
        return new ModelSpec(spec.name(), spec.version(), spec.architecture(), spec.labels(), frames,
                spec.frameHeight(), spec.frameWidth(), spec.channels(), spec.channelOrder(), normalisation, "", "");
    }

    /** {@code cfg} with its frames prepared as {@code spec} says. */
    private static TrainingConfig shapedFor(TrainingConfig cfg, ModelSpec spec) {
        return cfg.withDataset(cfg.dataset().preparedAs(spec));
    }
}
