package dev.actionstream.trainer.predict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One class and the model's confidence in it. */
public record Prediction(String label, float confidence) {

    /** The {@code k} most probable classes, most probable first (ties keep label order). */
    public static List<Prediction> top(float[] probabilities, List<String> labels, int k) {
        if (probabilities.length != labels.size()) {
            throw new IllegalArgumentException(probabilities.length + " probabilities for " + labels.size() + " labels");
        }
        if (k <= 0) {
            throw new IllegalArgumentException("top k must be > 0, got " + k);
        }
        List<Prediction> all = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            all.add(new Prediction(labels.get(i), probabilities[i]));
        }
        all.sort(Comparator.comparingDouble((Prediction p) -> p.confidence()).reversed());
        return List.copyOf(all.subList(0, Math.min(k, all.size())));
    }
}
