package dev.actionstream.trainer.calibration;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.DatasetConfig;
import dev.actionstream.config.LrcnConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.model.NetworkFactory;
import dev.actionstream.trainer.model.NetworkInput;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The features come from the network without its output layer; they must be what DL4J's own layer-by-layer pass feeds
 * the output layer, and the logits must be what the network's softmax turns into its output.
 */
class PenultimateFeaturesTest {

    private static final int FRAMES = 3;
    private static final int SIZE = 12;

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void featuresAreWhatTheOutputLayerReceivesAndLogitsGiveTheNetworksOutput(Architecture architecture) {
        ModelSpec spec = new ModelSpec("tiny", "1", architecture, List.of("a", "b", "c"), FRAMES, SIZE, SIZE, 3,
                ChannelOrder.BGR, Normalisation.unit(), "", "");
        TrainingConfig config = new TrainingConfig(architecture,
                DatasetConfig.defaults().withGeometry(FRAMES, SIZE, SIZE), 1, 4, 1e-3, 5L, 0, false,
                new ConvLstmConfig(List.of(2, 2), 3, 0.2), new LrcnConfig(List.of(4, 4), List.of(2, 2), 0.0, 8));
        MultiLayerNetwork net = NetworkFactory.build(config, spec);
        List<float[]> windows = new ArrayList<>();
        Random random = new Random(3);
        for (int i = 0; i < 7; i++) {
            float[] w = new float[FRAMES * 3 * SIZE * SIZE];
            for (int j = 0; j < w.length; j++) {
                w[j] = random.nextFloat();
            }
            windows.add(w);
        }

        PenultimateFeatures features = PenultimateFeatures.of(net, spec, windows, 3);

        INDArray input = NetworkInput.of(architecture, windows, spec);
        int last = net.getnLayers() - 1;
        List<INDArray> layers = net.feedForwardToLayer(last - 1, input, false);
        INDArray expected = layers.get(layers.size() - 1);
        InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(last);
        if (pre != null) {
            expected = pre.preProcess(expected, windows.size(), LayerWorkspaceMgr.noWorkspaces());
        }
        double[][] want = expected.toDoubleMatrix();
        double[][] probabilities = net.output(input).toDoubleMatrix();
        assertEquals(windows.size(), features.size());
        for (int i = 0; i < windows.size(); i++) {
            for (int j = 0; j < want[i].length; j++) {
                assertEquals(want[i][j], features.features()[i][j], 1e-6, "window " + i + " feature " + j);
            }
            double[] p = TemperatureScaling.probabilities(new double[][] {features.logits()[i]}, 1)[0];
            for (int c = 0; c < p.length; c++) {
                assertEquals(probabilities[i][c], p[c], 1e-5, "window " + i + " class " + c);
            }
        }
    }
}
