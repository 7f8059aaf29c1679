package dev.actionstream.exporter.onnx;

import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.shade.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds one ONNX graph. Every node and initializer gets a unique name derived from a hint, so converters can emit
 * nodes without coordinating names. Dimensions given as {@link #BATCH} become the symbolic batch dimension "N".
 */
public final class OnnxGraph {

    /** Marks the dynamic batch dimension in {@link #input} and {@link #output} shapes. */
    public static final long BATCH = -1;

    private static final String BATCH_PARAM = "N";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Map<String, Integer> used = new HashMap<>();

    public OnnxGraph(String name) {
        graph.setName(Objects.requireNonNull(name, "name"));
    }

    public void input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        used.put(name, 1);
    }

    public void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    /** A float initializer in row-major order; returns its name. */
    public String constant(String hint, float[] data, long... dims) {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException(hint + ": " + data.length + " floats for shape " + Arrays.toString(dims));
        }
        ByteBuffer bytes = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(data);
        return initializer(hint, TensorProto.DataType.FLOAT_VALUE, bytes.array(), dims);
    }

    /** A 1-D int64 initializer (shapes, axes, split sizes); returns its name. */
    public String longs(String hint, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(values);
        return initializer(hint, TensorProto.DataType.INT64_VALUE, bytes.array(), values.length);
    }

    /** A 0-D int64 initializer (e.g. a Gather index that drops its axis); returns its name. */
    public String longScalar(String hint, long value) {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(value);
        return initializer(hint, TensorProto.DataType.INT64_VALUE, bytes.array());
    }

    private String initializer(String hint, int type, byte[] raw, long... dims) {
        String name = unique(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Adds a single-output node; returns the output's name. */
    public String node(String op, String hint, List<String> inputs, AttributeProto... attributes) {
        return nodeWithOutputs(op, hint, inputs, 1, attributes).get(0);
    }

    /** Adds a node with {@code outputs} outputs; returns their names in order. */
    public List<String> nodeWithOutputs(String op, String hint, List<String> inputs, int outputs,
                                        AttributeProto... attributes) {
        String name = unique(hint);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs);
        String[] names = new String[outputs];
        for (int i = 0; i < outputs; i++) {
            names[i] = outputs == 1 ? name : name + ":" + i;
            n.addOutput(names[i]);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return List.of(names);
    }

    /** Adds a node whose single output has exactly the given name (used for graph outputs). */
    public void namedNode(String op, String outputName, List<String> inputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(unique(outputName))
                .addAllInput(inputs).addOutput(outputName);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    public GraphProto build() {
        return graph.build();
    }

    private String unique(String hint) {
        int n = used.merge(hint, 1, Integer::sum);
        return n == 1 ? hint : hint + "_" + (n - 1);
    }

    private static ValueInfoProto valueInfo(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            if (d == BATCH) {
                shape.addDimBuilder().setDimParam(BATCH_PARAM);
            } else {
                shape.addDimBuilder().setDimValue(d);
            }
        }
        TypeProto.Tensor.Builder tensor = TypeProto.Tensor.newBuilder()
                .setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(tensor)).build();
    }

    // Attribute factories: static so that converters read like the ONNX operator docs.

    public static AttributeProto attr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto attr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto attr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static AttributeProto strings(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFromUtf8(v));
        }
        return a.build();
    }
}
