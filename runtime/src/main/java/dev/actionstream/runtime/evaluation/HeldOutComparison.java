package dev.actionstream.runtime.evaluation;

import java.util.Map;

/**
 * The candidate and the model serving when it was evaluated ({@code activeModel}), scored on the same held-out
 * captured clips: {@code clipsPerClass} says how many clips of each label there were. {@code active} is null when no
 * model was serving; both are null, with {@code reason}, when nothing could be compared (no held-out clip).
 */
public record HeldOutComparison(int clips, Map<String, Integer> clipsPerClass, Accuracy candidate,
                                String activeModel, Accuracy active, String reason) {

    public HeldOutComparison {
        clipsPerClass = clipsPerClass == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(clipsPerClass));
    }

    static HeldOutComparison none(String reason) {
        return new HeldOutComparison(0, Map.of(), null, null, null, reason);
    }
}
