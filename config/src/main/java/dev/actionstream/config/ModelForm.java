package dev.actionstream.config;

import java.util.Locale;

/**
 * Which piece of a model an ONNX file holds, stored under {@value #METADATA_KEY}; each form has one input and one
 * output tensor, named in {@link OnnxContract}.
 */
public enum ModelForm {
    /** One graph: {@code frames [N, T, C, H, W] → probabilities [N, classes]}. */
    FULL(OnnxContract.FRAMES, OnnxContract.PROBABILITIES),
    /** LRCN per-frame encoder, run once per frame: {@code frame [N, C, H, W] → features [N, D]}. */
    ENCODER(OnnxContract.FRAME, OnnxContract.FEATURES),
    /** LRCN temporal head: {@code features [N, T, D] → probabilities [N, classes]}. */
    HEAD(OnnxContract.FEATURES, OnnxContract.PROBABILITIES);

    /** "full", "encoder" or "head"; absent means full. */
    public static final String METADATA_KEY = "actionstream.form";

    private final String input;
    private final String output;

    ModelForm(String input, String output) {
        this.input = input;
        this.output = output;
    }

    /** The metadata value: {@code full}, {@code encoder} or {@code head}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Name of the form's one input tensor. */
    public String input() {
        return input;
    }

    /** Name of the form's one output tensor. */
    public String output() {
        return output;
    }

    /**
     * Parses a {@value #METADATA_KEY} value; null or blank is {@link #FULL}: files from before split forms carry
     * none.
     *
     * @throws IllegalArgumentException naming the key and the value
     */
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
