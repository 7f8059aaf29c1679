package dev.actionstream.bench;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.ConvLstmConfig;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvLstmFlopsTest {

    private static ModelSpec spec(int frames, int size, int channels) {
        return new ModelSpec("t", "1", Architecture.CONVLSTM, List.of("a", "b"), frames, size, size, channels,
                ChannelOrder.BGR,
                new Normalisation(new float[] {0f}, new float[] {1f}), "", "");
    }

    @Test
    void countsInputAndRecurrentConvolutionsOfOneLayerByHand() {
        // 2 frames of 3x3x1, one filter, 3x3 kernel: the 'valid' output is 1x1.
        // input:     2 frames * 1 position * 4 gates * 1 in-channel * 9 = 72 MAC
        // recurrent: 1 frame (none at t=0) * 1 position * 4 gates * 1 filter * 9 = 36 MAC
        var sizes = new ConvLstmConfig(List.of(1), 3, 0.0);
        assertEquals(2 * (72 + 36), ConvLstmFlops.perWindow(sizes, spec(2, 3, 1)));
    }

    @Test
    void poolsHalfTheFrameBetweenLayersRoundingUp() {
        // 1x1 kernels keep 5x5; the pool makes it 3x3 for the second layer (2 filters, fed by 2 channels).
        // (4F = 8 gate channels in both layers)
        // layer 0: input 2 frames * 25 positions * 8 * 1 in-channel = 400, recurrent 1 * 25 * 8 * 2 filters = 400
        // layer 1: input 2 frames *  9 positions * 8 * 2 in-channels = 288, recurrent 1 *  9 * 8 * 2 filters = 144
        var sizes = new ConvLstmConfig(List.of(2, 2), 1, 0.0);
        List<ConvLstmFlops.Layer> layers = ConvLstmFlops.layers(sizes, spec(2, 5, 1));
        assertEquals(3, layers.get(1).outHeight());
        assertEquals(2 * (400 + 400 + 288 + 144), ConvLstmFlops.perWindow(sizes, spec(2, 5, 1)));
    }

    @Test
    void followsTheSeedsModelsFrameSizes() {
        var sizes = SeedsModels.training(Architecture.CONVLSTM).network(ConvLstmConfig.class);
        List<ConvLstmFlops.Layer> layers = ConvLstmFlops.layers(sizes, SeedsModels.spec(Architecture.CONVLSTM));
        // Keras' seeds model: ConvLSTM2D outputs 62x62x4, 29x29x8, 13x13x14, 5x5x16.
        assertEquals(List.of(62, 29, 13, 5), layers.stream().map(ConvLstmFlops.Layer::outHeight).toList());
        assertEquals(List.of(3, 4, 8, 14), layers.stream().map(ConvLstmFlops.Layer::inChannels).toList());
        assertTrue(layers.stream().allMatch(l -> l.recurrentMacs() > 0 && l.inputMacs() > 0));
    }

    @Test
    void rejectsAKernelLargerThanTheFrame() {
        var sizes = new ConvLstmConfig(List.of(4, 4), 3, 0.0);
        var e = assertThrows(IllegalArgumentException.class, () -> ConvLstmFlops.perWindow(sizes, spec(2, 4, 1)));
        assertTrue(e.getMessage().contains("layer 1"), e.getMessage());
    }

    @Test
    void convertsFlopsAndTimeToGflopsPerSecond() {
        assertEquals(2.0, ConvLstmFlops.gflopsPerSecond(1_000_000_000L, 1, 500.0), 1e-12);
        assertEquals(16.0, ConvLstmFlops.gflopsPerSecond(1_000_000_000L, 8, 500.0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ConvLstmFlops.gflopsPerSecond(1, 1, 0));
    }
}
