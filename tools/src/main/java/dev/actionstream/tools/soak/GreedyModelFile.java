package dev.actionstream.tools.soak;

import dev.actionstream.config.Architecture;
import dev.actionstream.config.ChannelOrder;
import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.Normalisation;
import dev.actionstream.config.OnnxContract;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A valid ONNX model that asks for far too much: its graph takes frames of any size ({@code [N, T, 3, H, W]} with
 * symbolic H and W, mean colour, softmax), while its spec asks for {@code T} frames of {@code side x side}. It would
 * load and run, so only the runtime's model bounds keep it from sizing buffers for it. Written as protobuf by hand:
 * the runtime carries no ONNX library, and the soak needs nothing more than these few fields.
 */
final class GreedyModelFile {

    private GreedyModelFile() {
    }

    static byte[] bytes(String name, int framesPerWindow, int side) {
        ModelSpec spec = new ModelSpec(name, "1", Architecture.CONVLSTM, List.of("blue", "green", "red"),
                framesPerWindow, side, side, 3, ChannelOrder.BGR, Normalisation.unit(), "soak", "");
        Msg input = new Msg().string(1, OnnxContract.FRAMES)
                .message(2, tensorType("N", (long) framesPerWindow, 3L, "H", "W"));
        Msg output = new Msg().string(1, OnnxContract.PROBABILITIES).message(2, tensorType("N", 3L));
        Msg mean = new Msg().string(1, OnnxContract.FRAMES).string(2, "mean").string(4, "ReduceMean")
                .message(5, new Msg().string(1, "axes").varint(20, 7).varint(8, 1).varint(8, 3).varint(8, 4))
                .message(5, new Msg().string(1, "keepdims").varint(20, 2).varint(3, 0));
        Msg softmax = new Msg().string(1, "mean").string(2, OnnxContract.PROBABILITIES).string(4, "Softmax")
                .message(5, new Msg().string(1, "axis").varint(20, 2).varint(3, 1));
        Msg graph = new Msg().message(1, mean).message(1, softmax).string(2, "greedy").message(11, input)
                .message(12, output);
        return new Msg().varint(1, 8).string(2, "actionstream soak").message(7, graph)
                .message(8, new Msg().string(1, "").varint(2, 13))
                .message(14, new Msg().string(1, ModelSpec.METADATA_KEY).string(2, spec.toJson()))
                .toByteArray();
    }

    /** A float tensor type; a String dimension is symbolic, a Long fixed. */
    private static Msg tensorType(Object... dims) {
        Msg shape = new Msg();
        for (Object d : dims) {
            shape.message(1, d instanceof Long v ? new Msg().varint(1, v) : new Msg().string(2, (String) d));
        }
        return new Msg().message(1, new Msg().varint(1, 1).message(2, shape));
    }

    /** The protobuf wire format's varint and length-delimited fields, all this model needs. */
    private static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Msg string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Msg message(int field, Msg value) {
            return bytes(field, value.toByteArray());
        }

        private Msg bytes(int field, byte[] value) {
            raw(((long) field << 3) | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
