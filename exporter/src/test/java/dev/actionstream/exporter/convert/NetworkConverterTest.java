package dev.actionstream.exporter.convert;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.exporter.TestFixtures;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkConverterTest {

    @Test
    void fullGraphTakesNtchwFramesWithDynamicBatch() {
        ModelSpec spec = TestFixtures.spec(Architecture.CONVLSTM, 5, 16, 20);
        GraphProto g = new NetworkConverter(TestFixtures.small(spec, 1), spec).full();

        assertEquals(1, g.getInputCount());
        assertEquals("frames", g.getInput(0).getName());
        assertEquals(List.of("N", "5", "3", "16", "20"), dims(g.getInput(0)));
        assertEquals("probabilities", g.getOutput(0).getName());
        assertEquals(List.of("N", "4"), dims(g.getOutput(0)));
    }

    @Test
    void convLstmInputConvolutionRunsOncePerLayerAndRecurrenceIsUnrolled() {
        ModelSpec spec = TestFixtures.spec(Architecture.CONVLSTM, 5, 16, 16);
        GraphProto g = new NetworkConverter(TestFixtures.small(spec, 1), spec).full();

        long inputConvs = g.getNodeList().stream().filter(n -> n.getName().endsWith("_input_conv")).count();
        long recurrentConvs = g.getNodeList().stream().filter(n -> n.getName().contains("_recurrent_conv")).count();
        // Two ConvLSTM layers: one input convolution each over all N*T frames, T-1 recurrent convolutions each.
        assertEquals(2, inputConvs);
        assertEquals(2 * (5 - 1), recurrentConvs);
        assertFramesReachFirstConvolutionWithoutTranspose(g);
    }

    @Test
    void lrcnFramesReachTheCnnWithoutTranspose() {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 4, 16, 16);
        assertFramesReachFirstConvolutionWithoutTranspose(
                new NetworkConverter(TestFixtures.small(spec, 1), spec).full());
    }

    /** NTCHW frames already are one image per (n, t) in a row: only a Reshape should precede the first Conv. */
    private static void assertFramesReachFirstConvolutionWithoutTranspose(GraphProto g) {
        NodeProto first = g.getNode(0);
        assertEquals("Reshape", first.getOpType());
        assertEquals("frames", first.getInput(0));
        NodeProto conv = g.getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).findFirst().orElseThrow();
        assertEquals(first.getOutput(0), conv.getInput(0));
    }

    @Test
    void lrcnSplitsIntoEncoderAndHead() {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 4, 16, 16);
        NetworkConverter converter = new NetworkConverter(TestFixtures.small(spec, 1), spec);

        assertTrue(converter.splittable());
        assertEquals(InputKind.FRAME_SEQUENCE, converter.inputKind());
        GraphProto encoder = converter.encoder();
        GraphProto head = converter.head();
        assertEquals(List.of("N", "3", "16", "16"), dims(encoder.getInput(0)));
        assertEquals(List.of("N", Long.toString(converter.featureSize())), dims(encoder.getOutput(0)));
        assertEquals(List.of("N", "4", Long.toString(converter.featureSize())), dims(head.getInput(0)));
        assertTrue(head.getNodeList().stream().anyMatch(n -> n.getOpType().equals("LSTM")));
        assertFalse(encoder.getNodeList().stream().anyMatch(n -> n.getOpType().equals("LSTM")));
    }

    @Test
    void convLstmHasNoSplitForm() {
        ModelSpec spec = TestFixtures.spec(Architecture.CONVLSTM, 4, 16, 16);
        NetworkConverter converter = new NetworkConverter(TestFixtures.small(spec, 1), spec);

        assertFalse(converter.splittable());
        assertEquals(InputKind.NCDHW, converter.inputKind());
        assertThrows(IllegalStateException.class, converter::encoder);
    }

    @Test
    void specWithOtherLabelCountIsRefused() {
        ModelSpec spec = TestFixtures.spec(Architecture.LRCN, 4, 16, 16);
        ModelSpec threeLabels = new ModelSpec(spec.name(), spec.version(), spec.architecture(), List.of("a", "b", "c"),
                4, 16, 16, 3, spec.channelOrder(), spec.normalisation(), "", "");

        UnsupportedLayerException e = assertThrows(UnsupportedLayerException.class,
                () -> new NetworkConverter(TestFixtures.small(spec, 1), threeLabels));
        assertTrue(e.getMessage().contains("3 labels"), e.getMessage());
    }

    private static List<String> dims(ValueInfoProto v) {
        return v.getType().getTensorType().getShape().getDimList().stream()
                .map(TensorShapeProto.Dimension::toString)
                .map(s -> s.contains("dim_param") ? s.replaceAll("(?s).*dim_param: \"(\\w+)\".*", "$1")
                        : s.replaceAll("(?s).*dim_value: (\\d+).*", "$1"))
                .toList();
    }
}
