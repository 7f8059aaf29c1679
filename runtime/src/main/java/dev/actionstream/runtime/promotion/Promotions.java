package dev.actionstream.runtime.promotion;

import dev.actionstream.config.ModelFiles;
import dev.actionstream.runtime.jobs.Candidate;
import dev.actionstream.runtime.jobs.CandidateStore;
import dev.actionstream.runtime.models.LoadedModel;
import dev.actionstream.runtime.models.ModelInfo;
import dev.actionstream.runtime.models.ModelRegistry;
import dev.actionstream.runtime.models.ModelRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Promotes a candidate to serving and rolls back. A promotion copies the candidate's files into the models folder
 * (each under a hidden temporary name, then renamed into place, halves before the one-piece file) and hot-swaps it in
 * through the registry: the swap is the registry's, between two windows, no frame lost and sequence numbers
 * gapless. A rollback makes the model the last promotion replaced serve again. Each is recorded in the
 * {@link ModelHistory} and announced to {@code listener}; a refused one changes nothing.
 */
public final class Promotions {

    private static final Logger LOG = LoggerFactory.getLogger(Promotions.class);

    private final ModelRegistry registry;
    private final CandidateStore candidates;
    private final Path jobsDir;
    private final ModelHistory history;
    private final Consumer<HistoryEntry> listener;
    private final PromotionWatch watch;

    /** @param watch watches each promotion and may roll it back ({@link PromotionWatch.Settings#off()}: never) */
    public Promotions(ModelRegistry registry, CandidateStore candidates, Path jobsDir, ModelHistory history,
                      Consumer<HistoryEntry> listener, PromotionWatch watch) {
        this.watch = Objects.requireNonNull(watch, "watch");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.jobsDir = Objects.requireNonNull(jobsDir, "jobsDir");
        this.history = Objects.requireNonNull(history, "history");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public ModelHistory history() {
        return history;
    }

    /** Makes candidate {@code key} serve; {@code metrics} (e.g. shadow figures) are recorded with it. */
    public synchronized HistoryEntry promote(String key, String who, String why, Map<String, Object> metrics)
            throws PromotionRefusedException {
        Candidate c = candidates.get(key).orElseThrow(() -> new PromotionRefusedException(404, "no candidate '" + key
                + "'; candidates: " + candidates.all().stream().map(Candidate::key).toList()));
        LoadedModel before = registry.active();
        if (before != null && before.key().equals(key)) {
            throw new PromotionRefusedException(409, key + " is already serving");
        }
        Path source = jobsDir.resolve(c.jobId()).resolve("candidate");
        List<Path> placed = new ArrayList<>();
        try {
            Files.createDirectories(registry.dir());
            // Halves first: by the time the one-piece file appears, the model it names is complete.
            List<String> order = new ArrayList<>(c.files());
            order.sort(Comparator.comparing((String f) -> !ModelFiles.isHalf(f)));
            for (String f : order) {
                Path target = registry.dir().resolve(f);
                if (Files.exists(target) && Files.mismatch(target, source.resolve(f)) == -1) {
                    continue;
                }
                if (Files.exists(target)) {
                    throw new PromotionRefusedException(409, "a different " + f + " is already in the models folder "
                            + registry.dir() + "; remove or rename it first");
                }
                Path tmp = registry.dir().resolve(".promote-" + f + ".part");
                Files.copy(source.resolve(f), tmp, StandardCopyOption.REPLACE_EXISTING);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
                placed.add(target);
            }
        } catch (IOException e) {
            removeAll(placed);
            throw new PromotionRefusedException(507, "cannot copy " + key + " into " + registry.dir() + ": " + e);
        }
        try {
            registry.loadAndActivate(registry.dir().resolve(key));
        } catch (ModelRejectedException e) {
            removeAll(placed);
            throw new PromotionRefusedException(422, "candidate " + key + " does not load: " + e.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        if (c.heldOutAccuracy() != null) {
            m.put("heldOutAccuracy", c.heldOutAccuracy());
        }
        if (c.heldOut() != null && c.heldOut().candidate() != null) {
            m.put("heldOut", c.heldOut());
        }
        m.put("labels", c.labels());
        m.put("job", c.jobId());
        if (metrics != null) {
            m.putAll(metrics);
        }
        HistoryEntry e = record(new HistoryEntry("promote", key, before == null ? null : before.key(),
                before == null ? null : fileOf(before), who, Instant.now().toString(), why, m));
        watch.promoted(c.name());
        return e;
    }

    /** Serves again the model the last promotion replaced; {@code action}: {@code rollback}, {@code auto-rollback}. */
    public synchronized HistoryEntry rollback(String action, String who, String why, Map<String, Object> metrics)
            throws PromotionRefusedException {
        HistoryEntry last = history.lastUndoable().orElseThrow(() -> new PromotionRefusedException(409,
                "nothing to roll back: no promotion is in effect"));
        if (last.previous() == null) {
            throw new PromotionRefusedException(409, "the last promotion replaced no model; nothing to return to");
        }
        LoadedModel current = registry.active();
        watch.stop();
        try {
            boolean loaded = registry.models().stream().map(ModelInfo::key).anyMatch(last.previous()::equals);
            if (loaded) {
                registry.activate(last.previous());
            } else {
                Path file = registry.dir().resolve(last.previous());
                registry.loadAndActivate(Files.isRegularFile(file) ? file : Path.of(last.previousFile()));
            }
        } catch (ModelRejectedException e) {
            throw new PromotionRefusedException(422, "cannot return to " + last.previous() + ": " + e.getMessage());
        }
        return record(new HistoryEntry(action, last.previous(), current == null ? null : current.key(),
                current == null ? null : fileOf(current), who, Instant.now().toString(), why, metrics));
    }

    private HistoryEntry record(HistoryEntry e) throws PromotionRefusedException {
        try {
            history.append(e);
        } catch (IOException x) {
            // The swap happened; saying it was not recorded is the honest answer.
            LOG.error("model history not written: {}", x.toString());
            throw new PromotionRefusedException(507, e.action() + " of " + e.model() + " done but not recorded: " + x);
        }
        LOG.info("{} {} (was {}) by {}: {}", e.action(), e.model(), e.previous(), e.who(), e.why());
        try {
            listener.accept(e);
        } catch (RuntimeException x) {
            LOG.warn("model event not delivered", x);
        }
        return e;
    }

    /** The file to load the model from again: the one-piece file beside a split model's head when there is one. */
    private static String fileOf(LoadedModel m) {
        Path f = m.file();
        String name = f.getFileName().toString();
        Path full = f.resolveSibling(ModelFiles.fullName(ModelFiles.group(name)));
        return (ModelFiles.isHead(name) && Files.isRegularFile(full) ? full : f).toString();
    }

    private static void removeAll(List<Path> files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", f, e.getMessage());
            }
        }
    }
}
