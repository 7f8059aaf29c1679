package dev.actionstream.config;

/**
 * Names in an exported ONNX file that every reader depends on: tensor names and the metadata keys besides
 * {@link ModelSpec#METADATA_KEY} (the spec) and {@link ModelForm#METADATA_KEY} (the form). File names are
 * {@link ModelFiles}' business; tensor shapes follow from the spec ({@link ModelSpec#windowShape}).
 *
 * <pre>
 *   form "full"     frames   [N, T, C, H, W] -> probabilities [N, classes]
 *   form "encoder"  frame    [N, C, H, W]    -> features      [N, D]
 *   form "head"     features [N, T, D]       -> probabilities [N, classes]
 *
 *   full and head, when the spec has a calibration, also -> ood_score [N]
 * </pre>
 */
public final class OnnxContract {

    public static final String FRAMES = "frames";
    public static final String FRAME = "frame";
    public static final String FEATURES = "features";
    public static final String PROBABILITIES = "probabilities";
    /**
     * Second output of the full model and the head when the spec carries a {@link ModelSpec.Calibration}: one float
     * per window, higher = less like the training windows; compare with {@code calibration.oodThreshold}.
     */
    public static final String OOD_SCORE = "ood_score";

    /** On each half of a split model: the file name of the other half, beside it. */
    public static final String PAIR_KEY = "actionstream.pair";
    /** On a full model exported with its split form: the file names of its encoder and head. */
    public static final String ENCODER_KEY = "actionstream.encoder";
    public static final String HEAD_KEY = "actionstream.head";
    /** On both halves: the encoder's feature length D. */
    public static final String FEATURE_SIZE_KEY = "actionstream.feature_size";
    /** The run the model was exported from. */
    public static final String SOURCE_RUN_KEY = "actionstream.source_run";

    private OnnxContract() {
    }
}
