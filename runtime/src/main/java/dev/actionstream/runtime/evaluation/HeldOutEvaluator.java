package dev.actionstream.runtime.evaluation;

import ai.onnxruntime.OrtException;
import dev.actionstream.config.RuntimeConfig;
import dev.actionstream.runtime.models.LoadedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scores a candidate and the serving model on the same held-out clips ({@link ClipScorer}, each at its own
 * geometry and interval) and puts the two side by side. A clip that cannot be decoded is left out of both (and
 * logged), so the two always count the same clips.
 */
public final class HeldOutEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(HeldOutEvaluator.class);

    private final RuntimeConfig.Pipeline decoding;

    /** @param decoding how clips are decoded (the serve config's {@code pipeline}: decoder threads) */
    public HeldOutEvaluator(RuntimeConfig.Pipeline decoding) {
        this.decoding = Objects.requireNonNull(decoding, "decoding");
    }

    /**
     * @param active the serving model (a copy the caller owns, never the instance being served), or null
     * @param activeKey its registry key, recorded with the figures
     */
    public HeldOutComparison compare(List<LabelledClip> clips, LoadedModel candidate, LoadedModel active,
                                     String activeKey) {
        if (clips.isEmpty()) {
            return HeldOutComparison.none("no held-out captured clip: every clip was used for training "
                    + "(capture more clips of each action)");
        }
        ClipScorer candidateScorer = new ClipScorer(candidate, decoding);
        ClipScorer activeScorer = active == null ? null : new ClipScorer(active, decoding);
        Accuracy.Tally c = new Accuracy.Tally();
        Accuracy.Tally a = new Accuracy.Tally();
        Map<String, Integer> perClass = new LinkedHashMap<>();
        int used = 0;
        for (LabelledClip clip : clips) {
            Accuracy.Tally cc = new Accuracy.Tally();
            Accuracy.Tally ac = new Accuracy.Tally();
            try {
                candidateScorer.score(clip, cc);
                if (activeScorer != null) {
                    activeScorer.score(clip, ac);
                }
            } catch (IOException | OrtException | RuntimeException e) {
                LOG.warn("held-out clip {} left out: {}", clip.file(), e.getMessage());
                continue;
            }
            c.addAll(cc);
            a.addAll(ac);
            perClass.merge(clip.label(), 1, Integer::sum);
            used++;
        }
        if (used == 0) {
            return HeldOutComparison.none("none of the " + clips.size() + " held-out clips could be decoded");
        }
        return new HeldOutComparison(used, perClass, c.result(), active == null ? null : activeKey,
                active == null ? null : a.result(), null);
    }
}
