package dev.actionstream.runtime.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One model's accuracy on the held-out clips: the share of windows whose top label is the clip's label, over all
 * windows ({@code accuracy}) and per clip label ({@code perClass}). A class the model does not know scores 0.
 */
public record Accuracy(long windows, long correct, Double accuracy, Map<String, ClassAccuracy> perClass) {

    /** One label's windows, those labelled right, and their share (null without windows). */
    public record ClassAccuracy(long windows, long correct, Double accuracy) {
    }

    public Accuracy {
        perClass = perClass == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(perClass));
    }

    /** Counts windows as they are scored; not thread-safe (one evaluation, one thread). */
    static final class Tally {
        private final Map<String, long[]> byLabel = new LinkedHashMap<>();

        void add(String truth, boolean right) {
            long[] c = byLabel.computeIfAbsent(truth, k -> new long[2]);
            c[0]++;
            if (right) {
                c[1]++;
            }
        }

        /** Adds another tally's counts (one clip's, once the whole clip was scored). */
        void addAll(Tally other) {
            other.byLabel.forEach((label, c) -> {
                long[] mine = byLabel.computeIfAbsent(label, k -> new long[2]);
                mine[0] += c[0];
                mine[1] += c[1];
            });
        }

        Accuracy result() {
            long windows = 0;
            long correct = 0;
            Map<String, ClassAccuracy> per = new LinkedHashMap<>();
            // By label, so both models' figures and every view of them list the classes in one order.
            for (var e : new java.util.TreeMap<>(byLabel).entrySet()) {
                long[] c = e.getValue();
                windows += c[0];
                correct += c[1];
                per.put(e.getKey(), new ClassAccuracy(c[0], c[1], c[0] == 0 ? null : (double) c[1] / c[0]));
            }
            return new Accuracy(windows, correct, windows == 0 ? null : (double) correct / windows, per);
        }
    }
}
