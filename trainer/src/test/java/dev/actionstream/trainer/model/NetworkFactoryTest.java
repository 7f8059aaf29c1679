package dev.actionstream.trainer.model;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.TrainingConfig;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NetworkFactoryTest {

    @Test
    void convLstmAtSeedSizesHasKerasParameterCounts() {
        ModelSpec spec = TestSpecs.spec(Architecture.CONVLSTM, 20, 64, 64, 4);
        MultiLayerNetwork net = NetworkFactory.build(TrainingConfig.defaults(), spec);

        assertEquals(List.of(1_024L, 3_488L, 11_144L, 17_344L, 11_524L), parameterisedLayerCounts(net));
        assertEquals(44_524L, net.numParams());
        assertArrayEquals(new long[] {16, 3, 3, 3}, net.getLayer(0).getParam(ConvLstm2D.INPUT_WEIGHT_KEY).shape());
        assertArrayEquals(new long[] {64, 16, 3, 3},
                net.getLayer(net.getnLayers() - 3).getParam(ConvLstm2D.RECURRENT_WEIGHT_KEY).shape());
    }

    @Test
    void lrcnAtSeedSizesHasKerasParameterCounts() {
        ModelSpec spec = TestSpecs.spec(Architecture.LRCN, 20, 64, 64, 4);
        MultiLayerNetwork net = NetworkFactory.build(TrainingConfig.defaults().withArchitecture(Architecture.LRCN), spec);

        assertEquals(List.of(448L, 4_640L, 18_496L, 36_928L, 12_416L, 132L), parameterisedLayerCounts(net));
        assertEquals(73_060L, net.numParams());
    }

    @Test
    void forgetGateBiasStartsAtOne() {
        ModelSpec spec = TestSpecs.spec(Architecture.CONVLSTM, 3, 8, 8, 2);
        MultiLayerNetwork net = NetworkFactory.build(TestSpecs.tiny(Architecture.CONVLSTM, 3, 8), spec);

        float[] bias = net.getLayer(0).getParam(ConvLstm2D.BIAS_KEY).toFloatVector();
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0}, bias);
    }

    @Test
    void sameSeedBuildsSameWeights() {
        ModelSpec spec = TestSpecs.spec(Architecture.CONVLSTM, 3, 8, 8, 2);
        TrainingConfig cfg = TestSpecs.tiny(Architecture.CONVLSTM, 3, 8);

        assertEquals(NetworkFactory.build(cfg, spec).params(), NetworkFactory.build(cfg, spec).params());
    }

    @Test
    void outputsAreProbabilitiesPerWindowForBothArchitectures() {
        for (Architecture a : Architecture.values()) {
            ModelSpec spec = TestSpecs.spec(a, 4, 16, 16, 3);
            MultiLayerNetwork net = NetworkFactory.build(TestSpecs.tiny(a, 4, 16), spec);
            List<float[]> windows = TestSpecs.randomWindows(3, spec, 1);

            float[][] batch = NetworkOutput.predict(net, spec, windows);

            assertEquals(3, batch.length, a.id());
            for (int i = 0; i < batch.length; i++) {
                assertEquals(3, batch[i].length);
                float sum = 0;
                for (float p : batch[i]) {
                    sum += p;
                }
                assertEquals(1f, sum, 1e-4f, a.id());
                // A window's answer must not depend on its batch neighbours: catches batch/time axes mixed up.
                float[] alone = NetworkOutput.predict(net, spec, List.of(windows.get(i)))[0];
                assertArrayEquals(alone, batch[i], 1e-5f, a.id() + " window " + i);
            }
        }
    }

    private static List<Long> parameterisedLayerCounts(MultiLayerNetwork net) {
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            long n = net.getLayer(i).numParams();
            if (n > 0) {
                counts.add(n);
            }
        }
        return counts;
    }
}
