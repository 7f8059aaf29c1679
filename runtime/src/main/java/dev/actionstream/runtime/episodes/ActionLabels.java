package dev.actionstream.runtime.episodes;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Which labels are actions: those of the serving model's label list, except {@code uncertain} and {@code unknown}
 * (the filter's and the out-of-distribution check's way of saying "none of them"), which never start an episode.
 */
public final class ActionLabels {

    static final String UNCERTAIN = "uncertain";
    static final String UNKNOWN = "unknown";

    private final Supplier<List<String>> modelLabels;

    /** @param modelLabels the active model's labels; read on every event, so a swapped model's labels count at once */
    public ActionLabels(Supplier<List<String>> modelLabels) {
        this.modelLabels = Objects.requireNonNull(modelLabels, "modelLabels");
    }

    public static ActionLabels of(List<String> labels) {
        List<String> fixed = List.copyOf(labels);
        return new ActionLabels(() -> fixed);
    }

    public boolean isAction(String label) {
        if (label == null || UNCERTAIN.equals(label) || UNKNOWN.equals(label)) {
            return false;
        }
        List<String> labels = modelLabels.get();
        return labels != null && labels.contains(label);
    }
}
