package dev.actionstream.exporter.onnx;

import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The envelope around a graph: opset, IR version, producer and the metadata a runtime reads. */
public final class OnnxModel {

    /** ONNX Runtime 1.26 implements opset 17 fully; LSTM, Split-with-sizes and Squeeze-with-axes-input need >= 13. */
    public static final int OPSET = 17;
    /** IR version 8 goes with opset 17. */
    public static final long IR_VERSION = 8;
    public static final String PRODUCER = "actionstream-exporter";

    private final GraphProto graph;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String docString = "";
    private long modelVersion = 1;

    public OnnxModel(GraphProto graph) {
        this.graph = Objects.requireNonNull(graph, "graph");
    }

    public OnnxModel metadata(String key, String value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value for " + key));
        return this;
    }

    public OnnxModel docString(String doc) {
        this.docString = Objects.requireNonNull(doc, "doc");
        return this;
    }

    public OnnxModel modelVersion(long version) {
        this.modelVersion = version;
        return this;
    }

    public Map<String, String> metadata() {
        return Map.copyOf(metadata);
    }

    public byte[] toByteArray() {
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setProducerVersion(producerVersion())
                .setModelVersion(modelVersion)
                .setDocString(docString)
                .setGraph(graph);
        m.addOpsetImportBuilder().setDomain("").setVersion(OPSET);
        metadata.forEach((k, v) -> m.addMetadataPropsBuilder().setKey(k).setValue(v));
        return m.build().toByteArray();
    }

    private static String producerVersion() {
        String v = OnnxModel.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
