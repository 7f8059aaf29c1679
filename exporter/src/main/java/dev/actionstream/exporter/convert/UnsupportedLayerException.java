package dev.actionstream.exporter.convert;

/** A layer, preprocessor or configuration the exporter cannot reproduce exactly in ONNX. */
public final class UnsupportedLayerException extends RuntimeException {

    private final int layerIndex;

    public UnsupportedLayerException(int layerIndex, Object layer, String layerName, String problem) {
        super("layer " + layerIndex + " (" + (layer == null ? "?" : layer.getClass().getName())
                + (layerName == null || layerName.isBlank() ? "" : " '" + layerName + "'") + "): " + problem);
        this.layerIndex = layerIndex;
    }

    public int layerIndex() {
        return layerIndex;
    }
}
