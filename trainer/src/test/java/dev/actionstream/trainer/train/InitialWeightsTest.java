package dev.actionstream.trainer.train;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ConfigLoader;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.config.TrainingConfig.InitLayers;
import dev.actionstream.trainer.model.NetworkFactory;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

        InitialWeights.copy(earlier.root(), spec, net, InitLayers.ALL);

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
                () -> InitialWeights.copy(earlier.root(), centred, NetworkFactory.build(config, centred),
                        InitLayers.ALL));

        assertTrue(e.getMessage().contains("normalisation"), e.getMessage());
    }

    @Test
    void anLrcnRunServesAsTheStartForAnotherWindowLength() {
        ModelSpec spec = earlier.readSpec();
        ModelSpec longer = variant(spec, spec.framesPerWindow() * 2, spec.normalisation());
        MultiLayerNetwork net = NetworkFactory.build(shapedFor(config, longer), longer);

        InitialWeights.copy(earlier.root(), longer, net, InitLayers.ALL);

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
                () -> InitialWeights.copy(run.root(), longer, net, InitLayers.ALL));

        assertTrue(e.getMessage().contains("layer sizes differ"), e.getMessage());
    }

    @Test
    void refusesARunWithOtherLayerSizes() {
        ModelSpec spec = earlier.readSpec();
        TrainingConfig wider = withLrcn(new LrcnConfig(List.of(4, 8), List.of(2, 2), 0.25, 4));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InitialWeights.copy(earlier.root(), spec, NetworkFactory.build(wider, spec),
                        InitLayers.ALL));

        assertTrue(e.getMessage().contains("layer sizes differ"), e.getMessage());
    }

    @Test
    void transferTakesTheCnnAndStartsAWiderLstmAndItsOutputFresh() {
        ModelSpec spec = earlier.readSpec();
        TrainingConfig widerLstm = withLrcn(new LrcnConfig(List.of(4, 4), List.of(2, 2), 0.25, 6));
        MultiLayerNetwork net = NetworkFactory.build(widerLstm, spec);
        Map<String, INDArray> drawn = snapshot(net);

        String taken = InitialWeights.copy(earlier.root(), spec, net, InitLayers.MATCHING);

        MultiLayerNetwork trained = earlier.loadModel();
        int convolutions = 0;
        for (String key : net.paramTable().keySet()) {
            boolean convolution = net.getLayer(layerOf(key)) instanceof ConvolutionLayer;
            convolutions += convolution ? 1 : 0;
            assertEquals(convolution ? trained.getParam(key) : drawn.get(key), net.getParam(key), key);
        }
        assertEquals(4, convolutions, "two convolutions, weights and biases");
        assertTrue(taken.contains("start fresh"), taken);
    }

    @Test
    void transferToOtherLabelsCarriesEachKnownLabelsOutputByName() {
        ModelSpec spec = earlier.readSpec();
        List<String> reversed = new ArrayList<>(spec.labels());
        Collections.reverse(reversed);
        ModelSpec relabelled = new ModelSpec(spec.name(), spec.version(), spec.architecture(), reversed,
                spec.framesPerWindow(), spec.frameHeight(), spec.frameWidth(), spec.channels(), spec.channelOrder(),
                spec.normalisation(), "", "");
        MultiLayerNetwork net = NetworkFactory.build(config, relabelled);
        Map<String, INDArray> drawn = snapshot(net);
        assertThrows(IllegalArgumentException.class,
                () -> InitialWeights.copy(earlier.root(), relabelled, net, InitLayers.ALL),
                "fine-tuning must refuse other labels");

        InitialWeights.copy(earlier.root(), relabelled, net, InitLayers.MATCHING);

        MultiLayerNetwork trained = earlier.loadModel();
        int output = net.getnLayers() - 1;
        int n = reversed.size();
        for (String key : net.paramTable().keySet()) {
            if (layerOf(key) != output) {
                assertEquals(trained.getParam(key), net.getParam(key), key);
                continue;
            }
            for (int j = 0; j < n; j++) {
                assertEquals(column(trained.getParam(key), n - 1 - j), column(net.getParam(key), j),
                        key + ": label " + reversed.get(j) + " keeps its own column");
            }
        }
        assertNotEquals(drawn.get(output + "_W"), net.getParam(output + "_W"));
    }

    @Test
    void transferToANewLabelStartsOnlyItsOutputFresh() {
        ModelSpec spec = earlier.readSpec();
        List<String> more = new ArrayList<>(spec.labels());
        more.add(2, "squats");
        ModelSpec taught = new ModelSpec(spec.name(), spec.version(), spec.architecture(), more,
                spec.framesPerWindow(), spec.frameHeight(), spec.frameWidth(), spec.channels(), spec.channelOrder(),
                spec.normalisation(), "", "");
        MultiLayerNetwork net = NetworkFactory.build(config, taught);
        Map<String, INDArray> drawn = snapshot(net);

        String taken = InitialWeights.copy(earlier.root(), taught, net, InitLayers.MATCHING);

        assertTrue(taken.contains("carried over"), taken);
        MultiLayerNetwork trained = earlier.loadModel();
        int output = net.getnLayers() - 1;
        for (String key : List.of(output + "_W", output + "_b")) {
            for (int j = 0; j < more.size(); j++) {
                int i = spec.labels().indexOf(more.get(j));
                assertEquals(i < 0 ? column(drawn.get(key), j) : column(trained.getParam(key), i),
                        column(net.getParam(key), j), key + ": " + more.get(j));
            }
        }
    }

    @Test
    void transferStillRefusesAnotherInputEncodingOrARunOfWhichNothingFits() {
        ModelSpec spec = earlier.readSpec();
        ModelSpec centred = variant(spec, spec.framesPerWindow(),
                new Normalisation(new float[] {0.5f}, new float[] {0.25f}));
        IllegalArgumentException encoding = assertThrows(IllegalArgumentException.class, () -> InitialWeights.copy(
                earlier.root(), centred, NetworkFactory.build(config, centred), InitLayers.MATCHING));
        assertTrue(encoding.getMessage().contains("normalisation"), encoding.getMessage());

        TrainingConfig other = withLrcn(new LrcnConfig(List.of(3, 5), List.of(2, 2), 0.25, 6));
        IllegalArgumentException nothing = assertThrows(IllegalArgumentException.class, () -> InitialWeights.copy(
                earlier.root(), spec, NetworkFactory.build(other, spec), InitLayers.MATCHING));
        assertTrue(nothing.getMessage().contains("no layer"), nothing.getMessage());
    }

    @Test
    void transferRunLogsWhichLayersStartFreshAndRecordsTheMode() throws Exception {
        TrainingConfig transfer = withLrcn(new LrcnConfig(List.of(4, 4), List.of(2, 2), 0.25, 6))
                .withInitFrom(earlier.root().toString(), InitLayers.MATCHING);
        RunFolder run = new RunFolder(dir.resolve("transferred"));
        StringWriter log = new StringWriter();

        new TrainingRun(transfer, new PrintWriter(log), false).train(data, run);

        assertTrue(log.toString().contains("start fresh"), log.toString());
        TrainingConfig recorded = ConfigLoader.load(run.config(), TrainingConfig.class, TrainingConfig.defaults());
        assertEquals(InitLayers.MATCHING, recorded.initLayers());
        assertEquals(transfer, recorded);
    }

    @Test
    void refusesAFolderThatIsNotARun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InitialWeights.copy(dir.resolve("synthetic"), earlier.readSpec(),
                        NetworkFactory.build(config, earlier.readSpec()), InitLayers.ALL));

        assertTrue(e.getMessage().contains("model.zip"), e.getMessage());
    }

    private static TrainingConfig withLrcn(LrcnConfig lrcn) {
        return new TrainingConfig(config.architecture(), config.dataset(), 1, 4, 1e-2, 5L, 3, false,
                config.network(ConvLstmConfig.class), lrcn);
    }

    private static Map<String, INDArray> snapshot(MultiLayerNetwork net) {
        Map<String, INDArray> copy = new HashMap<>();
        net.paramTable().forEach((key, value) -> copy.put(key, value.dup()));
        return copy;
    }

    /** A label's weights (a column) or bias (an element). */
    private static Object column(INDArray a, int j) {
        return a.rank() == 1 ? (Object) a.getDouble(j) : a.getColumn(j);
    }

    private static int layerOf(String key) {
        return Integer.parseInt(key.substring(0, key.indexOf('_')));
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
