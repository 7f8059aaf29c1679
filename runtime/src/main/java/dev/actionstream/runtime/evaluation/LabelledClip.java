package dev.actionstream.runtime.evaluation;

import java.nio.file.Path;
import java.util.Objects;

/** One held-out clip and the label its folder gives it. */
public record LabelledClip(String label, Path file) {

    public LabelledClip {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(file, "file");
    }
}
