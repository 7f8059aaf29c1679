package dev.actionstream.runtime.scoring;

import dev.actionstream.config.ModelSpec;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.events.LabelEvent;
import dev.actionstream.runtime.events.LabelEvent.LabelScore;
import dev.actionstream.runtime.events.LabelEvent.Reason;
import dev.actionstream.runtime.events.ModelRef;
import dev.actionstream.runtime.events.WindowSpan;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Turns one stream's window probabilities into label events: a temporal filter (a hidden Markov model's forward filter
 * by default, or the seeds' moving average over the last K windows; {@link ScoreFilter}), a confidence threshold below
 * which the label is {@code "uncertain"}, an
 * event whenever the smoothed label changes and otherwise at most {@code periodicHz} times a second, and
 * per-stream sequence numbers 1, 2, 3, ... without gaps, across model swaps too.
 *
 * <p>For a model that scores how unlike its training windows each window is ({@code ood_score}), the filter has one
 * more state, {@code "unknown"}, beside the actions: a window above the threshold is evidence for it
 * ({@value #UNKNOWN_EVIDENCE_ABOVE} against {@value #UNKNOWN_EVIDENCE_BELOW} for one below, the rest shared by the
 * actions in proportion to their probabilities), so a run of such windows turns the label to {@code "unknown"} once and
 * holds it, while one stray window does not. The label is {@code "unknown"} while that state is the most probable one;
 * otherwise the confidence and top-k are the actions' scores given that the window is known (renormalised without the
 * unknown state), so they mean what they meant before the state existed.
 *
 * <p>Owned by the scoring thread; one instance per stream. Nothing is allocated for a window that yields no event; an
 * event costs the event, its window span and its top-k list (the model reference is kept until the model changes).
 */
public final class PostProcessor {

    /** The unknown state's evidence from a window above the threshold, and from one below it. */
    static final double UNKNOWN_EVIDENCE_ABOVE = 0.7;
    static final double UNKNOWN_EVIDENCE_BELOW = 0.05;

    private final String stream;
    private final RuntimeConfig.Events config;
    private final long periodNanos;

    private final ScoreFilter filter;
    private List<String> labels = List.of();
    private boolean[] taken = new boolean[0];
    /** Whether the filter has the unknown state (index {@code labels.size()}). */
    private boolean withUnknown;
    /** One window's evidence over the actions and the unknown state, refilled per window. */
    private FloatBuffer evidence = FloatBuffer.allocate(0);
    private ModelRef model;

    private long sequence;
    private String lastLabel;
    private double lastConfidence;
    private long lastEventNanos;

    public PostProcessor(String stream, RuntimeConfig.Events config) {
        this.stream = Objects.requireNonNull(stream, "stream");
        this.config = Objects.requireNonNull(config, "config");
        this.periodNanos = config.periodicHz() > 0 ? (long) (1e9 / config.periodicHz()) : Long.MAX_VALUE;
        this.filter = ScoreFilter.of(config);
    }

    /**
     * Adds one window's probabilities and returns the event to publish, or {@code null} when the label did not change
     * and no periodic event is due.
     *
     * @param nowNanos {@link System#nanoTime()} at publication, for the periodic schedule and the latency
     */
    public LabelEvent accept(ScoredWindow window, long nowNanos) {
        ModelSpec spec = window.spec;
        if (!spec.labels().equals(labels) || window.scoresUnknown != withUnknown) {
            // Another label set (a swapped model), or a model that does or does not score the unknown: filtering
            // across it would mix states.
            reset(spec.labels(), window.scoresUnknown);
        }
        int classes = labels.size();
        if (withUnknown) {
            filter.add(evidence(window, classes), 0);
        } else {
            filter.add(window.probabilities, window.offset);
        }
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (filter.score(c) > filter.score(best)) {
                best = c;
            }
        }
        double unknown = withUnknown ? filter.score(classes) : 0;
        boolean isUnknown = unknown > filter.score(best);
        double known = 1 - unknown;
        double confidence = isUnknown ? unknown : known > 0 ? Math.min(1, filter.score(best) / known) : 0;
        boolean uncertain = !isUnknown && confidence < config.confidenceThreshold();
        String label = isUnknown ? LabelEvent.UNKNOWN : uncertain ? LabelEvent.UNCERTAIN : labels.get(best);
        Reason reason;
        if (!label.equals(lastLabel)) {
            reason = Reason.CHANGE;
        } else if (nowNanos - lastEventNanos >= periodNanos) {
            reason = Reason.PERIODIC;
        } else {
            lastConfidence = confidence;
            return null;
        }
        lastLabel = label;
        lastConfidence = confidence;
        lastEventNanos = nowNanos;
        sequence++;
        return new LabelEvent(stream, sequence,
                new WindowSpan(window.startFrame, window.endFrame, window.captureEpochMs),
                label, confidence, uncertain, reason, topK(classes, known), modelRef(spec, window.executionProvider),
                (nowNanos - window.captureNanos) / 1e6,
                window.scoresUnknown ? Double.valueOf(window.oodScore) : null, !isUnknown);
    }

    /** The window's probabilities shared with the unknown state, as the filter's evidence. */
    private FloatBuffer evidence(ScoredWindow window, int classes) {
        double u = window.aboveThreshold() ? UNKNOWN_EVIDENCE_ABOVE : UNKNOWN_EVIDENCE_BELOW;
        for (int c = 0; c < classes; c++) {
            evidence.put(c, (float) (window.probabilities.get(window.offset + c) * (1 - u)));
        }
        evidence.put(classes, (float) u);
        return evidence;
    }

    /** The same reference for every event of one model on one provider. */
    private ModelRef modelRef(ModelSpec spec, String provider) {
        ModelRef m = model;
        if (m == null || !m.name().equals(spec.name()) || !m.version().equals(spec.version())
                || !m.executionProvider().equals(provider)) {
            m = new ModelRef(spec.name(), spec.version(), provider);
            model = m;
        }
        return m;
    }

    /** The best actions' scores given that the window is known ({@code known}: the filter's mass on the actions). */
    private List<LabelScore> topK(int classes, double known) {
        int k = Math.min(config.topK(), classes);
        List<LabelScore> out = new ArrayList<>(k);
        Arrays.fill(taken, false);
        for (int i = 0; i < k; i++) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (!taken[c] && (best < 0 || filter.score(c) > filter.score(best))) {
                    best = c;
                }
            }
            taken[best] = true;
            out.add(new LabelScore(labels.get(best), known > 0 ? Math.min(1, filter.score(best) / known) : 0));
        }
        return out;
    }

    private void reset(List<String> newLabels, boolean unknownState) {
        labels = newLabels;
        withUnknown = unknownState;
        taken = new boolean[newLabels.size()];
        int states = newLabels.size() + (unknownState ? 1 : 0);
        evidence = FloatBuffer.allocate(states);
        filter.reset(states);
    }

    /** Last sequence number published (0 before the first event). */
    public long sequence() {
        return sequence;
    }

    /** Last smoothed label, published or not; {@code null} before the first window. */
    public String lastLabel() {
        return lastLabel;
    }

    public double lastConfidence() {
        return lastConfidence;
    }
}
