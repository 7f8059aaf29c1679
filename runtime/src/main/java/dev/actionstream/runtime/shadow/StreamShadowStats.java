package dev.actionstream.runtime.shadow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream's shadow figures, kept by the {@code shadow} thread: windows scored, how many agreed with the serving
 * model's label at that moment, the candidate's and the serving model's label counts over those windows, the
 * candidate's uncertain windows (top probability under the threshold) and its mean confidence.
 */
final class StreamShadowStats {

    static final String UNCERTAIN = "uncertain";

    private long windows;
    private long agreed;
    private long uncertain;
    private double confidenceSum;
    private String lastLabel;
    private double lastConfidence;
    private final Map<String, Long> candidate = new LinkedHashMap<>();
    private final Map<String, Long> active = new LinkedHashMap<>();

    StreamShadowStats(List<String> labels) {
        for (String l : labels) {
            candidate.put(l, 0L);
        }
        candidate.put(UNCERTAIN, 0L);
    }

    synchronized void add(String label, double confidence, String activeLabel) {
        windows++;
        confidenceSum += confidence;
        if (UNCERTAIN.equals(label)) {
            uncertain++;
        }
        if (label.equals(activeLabel)) {
            agreed++;
        }
        candidate.merge(label, 1L, Long::sum);
        active.merge(activeLabel == null ? "none" : activeLabel, 1L, Long::sum);
        lastLabel = label;
        lastConfidence = confidence;
    }

    /** The figures now, for {@code GET /api/shadow}. */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", windows);
        m.put("agreement", windows == 0 ? null : (double) agreed / windows);
        m.put("uncertainRate", windows == 0 ? null : (double) uncertain / windows);
        m.put("meanConfidence", windows == 0 ? null : confidenceSum / windows);
        m.put("lastLabel", lastLabel);
        m.put("lastConfidence", lastLabel == null ? null : lastConfidence);
        m.put("candidateCounts", new LinkedHashMap<>(candidate));
        m.put("activeCounts", new LinkedHashMap<>(active));
        return m;
    }
}
