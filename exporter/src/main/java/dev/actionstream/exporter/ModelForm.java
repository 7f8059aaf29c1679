package dev.actionstream.exporter;

import java.util.Locale;

/** Which piece of a model an ONNX file holds; stored under {@link ModelExporter#FORM_KEY}. */
public enum ModelForm {
    /** "frames" {@code [N, T, C, H, W]} → "probabilities" {@code [N, classes]}. */
    FULL,
    /** "frame" {@code [N, C, H, W]} → "features" {@code [N, D]}, run once per frame. */
    ENCODER,
    /** "features" {@code [N, T, D]} → "probabilities" {@code [N, classes]}. */
    HEAD;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
