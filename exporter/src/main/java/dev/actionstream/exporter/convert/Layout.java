package dev.actionstream.exporter.convert;

/**
 * How a DL4J activation is laid out as an ONNX tensor inside the exported graph. The layouts are chosen so that the
 * common case needs no Transpose: frames arrive NTCHW, which is already {@link #NT_IMAGES} after a Reshape, for the
 * ConvLSTM's input convolution and the LRCN's per-frame CNN alike.
 */
enum Layout {
    /**
     * {@code [N*T, C, H, W]}, rows ordered sample-major (n*T + t): a 3-D (NCDHW) DL4J activation, one image per
     * frame; also per-frame CNN activations.
     */
    NT_IMAGES,
    /** {@code [T*N, C, H, W]}, rows ordered time-major (t*N + n): what DL4J's RnnToCnnPreProcessor produces. */
    TN_IMAGES,
    /** {@code [T, N, F]}: a DL4J recurrent activation; also the ONNX LSTM's default input layout. */
    SEQUENCE,
    /** {@code [N, F]}: a DL4J feed-forward activation. */
    FLAT
}
