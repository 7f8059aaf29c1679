package dev.actionstream.trainer.train;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import dev.actionstream.trainer.dataset.WindowSet;
import dev.actionstream.trainer.model.NetworkFactory;
import dev.actionstream.trainer.model.NetworkInput;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class LearningRatesTest {

    @Test
    void aZeroRateFreezesEveryParameterOfBothArchitectures() {
        for (Architecture a : Architecture.values()) {
            MultiLayerNetwork net = tinyNet(a);
            fit(net, a, 2);
            Map<String, INDArray> before = copy(net.paramTable());

            LearningRates.set(net, 0.0);
            fit(net, a, 2);

            // The ConvLSTM2D layer is a SameDiffLayer, which DL4J's own setLearningRate leaves at the old rate.
            net.paramTable().forEach((name, value) -> assertEquals(before.get(name), value, a.id() + " " + name));
        }
    }

    @Test
    void restoringTheRateLetsTrainingMoveAgain() {
        MultiLayerNetwork net = tinyNet(Architecture.CONVLSTM);
        LearningRates.set(net, 0.0);
        fit(net, Architecture.CONVLSTM, 1);
        INDArray frozen = net.params().dup();

        LearningRates.set(net, 1e-2);
        fit(net, Architecture.CONVLSTM, 1);

        assertNotEquals(frozen, net.params());
    }

    private static MultiLayerNetwork tinyNet(Architecture a) {
        return NetworkFactory.build(TinyData.config(a, 1, 0), TinyData.spec(a));
    }

    private static void fit(MultiLayerNetwork net, Architecture a, int steps) {
        ModelSpec spec = TinyData.spec(a);
        WindowSet w = TinyData.windows(4, 3, false);
        List<float[]> windows = new ArrayList<>();
        INDArray labels = Nd4j.zeros(net.getLayerWiseConfigurations().getDataType(), w.size(), 2);
        for (int i = 0; i < w.size(); i++) {
            windows.add(w.window(i));
            labels.putScalar(i, w.label(i), 1.0);
        }
        DataSet batch = new DataSet(NetworkInput.of(a, windows, spec), labels);
        for (int i = 0; i < steps; i++) {
            net.fit(batch);
        }
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> params) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
