package dev.actionstream.exporter.convert;

/** How the DL4J network wants a batch of windows; the exported ONNX graph always takes NTCHW "frames". */
public enum InputKind {
    /** {@code [N, C, T, H, W]}: 3-D layers such as the ConvLSTM stack. */
    NCDHW,
    /**
     * A recurrent input, one flattened frame per time step ({@code [N, T, C*H*W]} or {@code [N, C*H*W, T]}),
     * unpacked into images by DL4J's RnnToCnnPreProcessor.
     */
    FRAME_SEQUENCE
}
