package dev.actionstream.runtime.promotion;

import dev.actionstream.config.PromotionMode;
import dev.actionstream.runtime.jobs.Candidate;
import dev.actionstream.runtime.jobs.CandidateStore;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Applies {@code teach.promotion} to each new candidate (on the {@code job-runner} thread, once its job succeeded):
 * with {@code manual} it is only marked as waiting for the Promote button; with {@code auto} the
 * {@link PromotionPolicy} judges it and, when it passes, {@link Promotions} promotes it, recorded in the model history
 * as by {@value #WHO} with the reason and the held-out figures. Either way the decision is kept with the candidate.
 */
public final class AutoPromoter implements Consumer<Candidate> {

    private static final Logger LOG = LoggerFactory.getLogger(AutoPromoter.class);
    static final String WHO = "promotion policy";

    private final PromotionMode mode;
    private final PromotionPolicy policy;
    private final Promotions promotions;
    private final ModelRegistry registry;
    private final CandidateStore candidates;
    private final Path jobsDir;

    public AutoPromoter(PromotionMode mode, PromotionPolicy policy, Promotions promotions, ModelRegistry registry,
                        CandidateStore candidates, Path jobsDir) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.promotions = Objects.requireNonNull(promotions, "promotions");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.jobsDir = Objects.requireNonNull(jobsDir, "jobsDir");
    }

    @Override
    public void accept(Candidate c) {
        if (mode == PromotionMode.MANUAL) {
            decide(c, "manual", "teach.promotion is manual: promote it by hand");
            return;
        }
        LoadedModel serving = registry.active();
        PromotionPolicy.Verdict v = policy.judge(c.heldOut(), serving == null ? null : serving.key());
        if (!v.promote()) {
            LOG.info("candidate {} not promoted: {}", c.key(), v.reason());
            decide(c, "refused", v.reason());
            return;
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("policy", Map.of("promotion", mode.id(), "maxClassDrop", policy.maxClassDrop()));
        try {
            promotions.promote(c.key(), WHO, v.reason(), metrics);
            decide(c, "promoted", v.reason());
        } catch (PromotionRefusedException e) {
            decide(c, "refused", "the policy passed it, but the promotion failed: " + e.getMessage());
        }
    }

    private void decide(Candidate c, String outcome, String reason) {
        try {
            candidates.decided(c.key(), new Candidate.Decision(outcome, reason, Instant.now().toString()), jobsDir);
        } catch (IOException e) {
            LOG.warn("candidate {}: decision '{}' not recorded: {}", c.key(), outcome, e.getMessage());
        }
    }
}
