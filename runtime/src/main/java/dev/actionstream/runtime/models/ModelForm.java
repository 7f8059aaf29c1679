package dev.actionstream.runtime.models;

import java.util.Locale;

/** How a model is shipped, from ONNX metadata {@value #METADATA_KEY}. */
public enum ModelForm {
    /** One graph: {@code frames [N,T,C,H,W] → probabilities [N,classes]}. */
    FULL,
    /** LRCN per-frame encoder: {@code frame [N,C,H,W] → features [N,D]}. */
    ENCODER,
    /** LRCN temporal head: {@code features [N,T,D] → probabilities [N,classes]}. */
    HEAD;

    public static final String METADATA_KEY = "actionstream.form";
    /** Metadata naming the other half of a split model (file name), on both halves. */
    public static final String PAIR_KEY = "actionstream.pair";
    /** On a full model exported with its split form: file names of the encoder and the head beside it. */
    public static final String ENCODER_KEY = "actionstream.encoder";
    public static final String HEAD_KEY = "actionstream.head";
    /** On both halves: the encoder's feature length D. */
    public static final String FEATURE_SIZE_KEY = "actionstream.feature_size";

    public static ModelForm of(String value) {
        if (value == null || value.isBlank()) {
            return FULL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(METADATA_KEY + ": expected full, encoder or head, got '" + value + "'");
        }
    }
}
