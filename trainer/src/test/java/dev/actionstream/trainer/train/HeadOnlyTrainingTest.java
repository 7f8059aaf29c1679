package dev.actionstream.trainer.train;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.config.TrainingConfig.TrainLayers;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadOnlyTrainingTest {

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
    void headOnlyTrainingKeepsTheEncodersWeightsAndChangesTheLstmAndOutput() throws Exception {
        TrainingConfig headOnly = config.withInitFrom(earlier.root().toString()).withEpochs(2)
                .withTrainLayers(TrainLayers.HEAD);
        RunFolder run = new RunFolder(dir.resolve("head-only"));
        StringWriter log = new StringWriter();

        new TrainingRun(headOnly, new PrintWriter(log), false).train(data, run);

        MultiLayerNetwork after = run.loadModel();
        int changedHead = 0;
        for (Map.Entry<String, Boolean> p : changedParameters(after).entrySet()) {
            if (p.getKey().startsWith("conv")) {
                assertEquals(false, p.getValue(), "encoder parameter " + p.getKey() + " changed");
            } else if (p.getValue()) {
                changedHead++;
            }
        }
        assertTrue(changedHead >= 2, "the LSTM and output layer learn: " + changedHead + " head parameters changed");
        assertTrue(log.toString().contains("training the head only"), log.toString());
        assertEquals(headOnly, ConfigLoader.load(run.config(), TrainingConfig.class, TrainingConfig.defaults()));
        // What is saved is the run's own network, without DL4J's frozen wrappers, so the exporter reads it as any run.
        assertEquals(earlier.loadModel().getLayerWiseConfigurations().getConfs().size(),
                after.getLayerWiseConfigurations().getConfs().size());
        assertTrue(after.getLayerWiseConfigurations().toJson().indexOf("FrozenLayer") < 0, "frozen wrappers saved");
    }

    @Test
    void topTrainingTunesTheEncodersLastConvolutionAndKeepsTheEarlierOnes() throws Exception {
        TrainingConfig top = config.withInitFrom(earlier.root().toString()).withEpochs(2)
                .withTrainLayers(TrainLayers.TOP);
        RunFolder run = new RunFolder(dir.resolve("top"));
        StringWriter log = new StringWriter();

        new TrainingRun(top, new PrintWriter(log), false).train(data, run);

        MultiLayerNetwork after = run.loadModel();
        Map<String, Boolean> changed = new TreeMap<>();
        changedParameters(after).forEach((p, c) -> changed.merge(p.substring(0, p.indexOf('/')), c,
                Boolean::logicalOr));
        // The tiny LRCN's encoder has two stages: conv0 stays, conv1 (its last) learns with the LSTM and output.
        assertEquals(false, changed.get("conv0"), "the first stage keeps its weights: " + changed);
        assertEquals(true, changed.get("conv1"), "the last stage learns: " + changed);
        assertEquals(true, changed.get("lstm"), "the LSTM learns: " + changed);
        assertTrue(log.toString().contains("training the head and the encoder's last stage"), log.toString());
        assertTrue(after.getLayerWiseConfigurations().toJson().indexOf("FrozenLayer") < 0, "frozen wrappers saved");
    }

    /** Whether each parameter of {@code after} differs from the earlier run's, keyed {@code layerName/paramKey}. */
    private static Map<String, Boolean> changedParameters(MultiLayerNetwork after) throws Exception {
        Map<String, INDArray> before = earlier.loadModel().paramTable();
        Map<String, Boolean> changed = new TreeMap<>();
        for (Map.Entry<String, INDArray> p : after.paramTable().entrySet()) {
            String layer = String.valueOf(after.getLayer(Integer.parseInt(p.getKey().substring(0,
                    p.getKey().indexOf('_')))).conf().getLayer().getLayerName());
            changed.put(layer + "/" + p.getKey(), !before.get(p.getKey()).equals(p.getValue()));
        }
        return changed;
    }

    @Test
    void allLayersLearnByDefault() throws Exception {
        TrainingConfig all = config.withInitFrom(earlier.root().toString());
        RunFolder run = new RunFolder(dir.resolve("all"));

        new TrainingRun(all, new PrintWriter(new StringWriter()), false).train(data, run);

        assertNotEquals(earlier.loadModel().getLayer(0).params(), run.loadModel().getLayer(0).params());
    }

    @Test
    void refusesHeadOnlyTrainingWithoutAnInitialRunOrForConvLstm() {
        IllegalArgumentException fresh = assertThrows(IllegalArgumentException.class,
                () -> new TrainingRun(config.withTrainLayers(TrainLayers.HEAD), new PrintWriter(new StringWriter()),
                        false).train(data, new RunFolder(dir.resolve("fresh-head"))));
        assertTrue(fresh.getMessage().contains("needs initFrom"), fresh.getMessage());

        TrainingConfig convLstm = TestDatasets.tinyConfig(Architecture.CONVLSTM, dir.resolve("cache"), 1)
                .withInitFrom(earlier.root().toString()).withTrainLayers(TrainLayers.HEAD);
        IllegalArgumentException noEncoder = assertThrows(IllegalArgumentException.class,
                () -> new TrainingRun(convLstm, new PrintWriter(new StringWriter()), false)
                        .train(data, new RunFolder(dir.resolve("convlstm-head"))));
        assertTrue(noEncoder.getMessage().contains("trainLayers: head"), noEncoder.getMessage());
    }

    @Test
    void trainLayersReadsFromConfigFilesAndRefusesUnknownValues() {
        assertEquals(TrainLayers.HEAD, TrainLayers.of(" Head "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainLayers.of("encoder"));
        assertTrue(e.getMessage().contains("expected all, top or head"), e.getMessage());
    }
}
