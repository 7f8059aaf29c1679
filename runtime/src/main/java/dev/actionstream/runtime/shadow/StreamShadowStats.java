package dev.actionstream.runtime.shadow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream's shadow figures, kept by the {@code shadow} thread: windows scored, how many agreed with the serving
 * model's label at that moment (overall and per serving label), the candidate's and the serving model's label counts
 * over those windows ({@code uncertain} and, for a candidate that scores it, {@code unknown} among them), the share
 * of the candidate's windows that were no answer, uncertain <em>or</em> unknown ({@code uncertainOrUnknownRate}: a
 * calibrated model says unknown where an older one says uncertain, so the two are one figure), and its mean
 * confidence.
 */
final class StreamShadowStats {

    static final String UNCERTAIN = "uncertain";
    static final String UNKNOWN = "unknown";

    private long windows;
    private long agreed;
    private long noAnswer;
    private double confidenceSum;
    private String lastLabel;
    private double lastConfidence;
    private final Map<String, Long> candidate = new LinkedHashMap<>();
    private final Map<String, Long> active = new LinkedHashMap<>();
    private final Map<String, Long> agreedByActive = new LinkedHashMap<>();

    StreamShadowStats(List<String> labels, boolean scoresUnknown) {
        for (String l : labels) {
            candidate.put(l, 0L);
        }
        candidate.put(UNCERTAIN, 0L);
        if (scoresUnknown) {
            candidate.put(UNKNOWN, 0L);
        }
    }

    synchronized void add(String label, double confidence, String activeLabel) {
        windows++;
        confidenceSum += confidence;
        if (UNCERTAIN.equals(label) || UNKNOWN.equals(label)) {
            noAnswer++;
        }
        String a = activeLabel == null ? "none" : activeLabel;
        boolean same = label.equals(activeLabel);
        if (same) {
            agreed++;
        }
        candidate.merge(label, 1L, Long::sum);
        active.merge(a, 1L, Long::sum);
        agreedByActive.merge(a, same ? 1L : 0L, Long::sum);
        lastLabel = label;
        lastConfidence = confidence;
    }

    /** The figures now, for {@code GET /api/shadow}. */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("windows", windows);
        m.put("agreement", windows == 0 ? null : (double) agreed / windows);
        m.put("uncertainOrUnknownRate", windows == 0 ? null : (double) noAnswer / windows);
        m.put("meanConfidence", windows == 0 ? null : confidenceSum / windows);
        m.put("lastLabel", lastLabel);
        m.put("lastConfidence", lastLabel == null ? null : lastConfidence);
        m.put("candidateCounts", new LinkedHashMap<>(candidate));
        m.put("activeCounts", new LinkedHashMap<>(active));
        Map<String, Object> per = new LinkedHashMap<>();
        active.forEach((label, n) -> per.put(label, (double) agreedByActive.getOrDefault(label, 0L) / n));
        m.put("agreementByActiveLabel", per);
        return m;
    }
}
