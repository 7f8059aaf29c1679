package dev.actionstream.runtime.promotion;

import dev.actionstream.runtime.events.EventSink;
import dev.actionstream.runtime.events.LabelEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The watch period after a promotion (off unless {@code watchSeconds > 0}): the promoted model's label events are
 * counted as they are published (two counters, on the scoring thread), and once a second, after at least
 * {@code minEvents} of them, a share of uncertain or unknown answers above {@code maxUncertainRate} rolls the
 * promotion back ({@code auto-rollback} in the history, with the figures). The watch ends quietly when its time is up.
 */
public final class PromotionWatch implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(PromotionWatch.class);

    /** How long a promotion is watched (0: never), the bound, and the fewest events before it is judged. */
    public record Settings(double watchSeconds, double maxUncertainRate, int minEvents) {
        public Settings {
            if (watchSeconds < 0 || !(maxUncertainRate >= 0 && maxUncertainRate <= 1) || minEvents < 1) {
                throw new IllegalArgumentException("watch: watchSeconds >= 0, maxUncertainRate in [0, 1], "
                        + "minEvents >= 1");
            }
        }

        public static Settings off() {
            return new Settings(0, 1, 1);
        }
    }

    private final Settings settings;
    private final ScheduledExecutorService timer;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong uncertain = new AtomicLong();
    private volatile String watched;
    private volatile long untilNanos;
    private Promotions promotions;

    public PromotionWatch(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "promotion-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /** What a rollback goes through; set once, before the first promotion. */
    public void rollBackThrough(Promotions p) {
        this.promotions = Objects.requireNonNull(p, "promotions");
    }

    /** Starts watching the model named {@code modelName} (the spec's name, as label events carry it). */
    public void promoted(String modelName) {
        if (settings.watchSeconds() <= 0) {
            return;
        }
        events.set(0);
        uncertain.set(0);
        untilNanos = System.nanoTime() + (long) (settings.watchSeconds() * 1e9);
        watched = modelName;
        timer.schedule(this::check, 1, TimeUnit.SECONDS);
    }

    /** A rollback (any) ends the watch. */
    public void stop() {
        watched = null;
    }

    @Override
    public void onLabel(LabelEvent event) {
        String w = watched;
        if (w != null && w.equals(event.modelName())) {
            // "unknown" is as much a non-answer as "uncertain" (a calibrated model says it instead, never both).
            if (event.uncertain() || !event.known()) {
                uncertain.incrementAndGet();
            }
            events.incrementAndGet();
        }
    }

    private void check() {
        String w = watched;
        if (w == null) {
            return;
        }
        long n = events.get();
        double rate = n == 0 ? 0 : (double) uncertain.get() / n;
        if (n >= settings.minEvents() && rate > settings.maxUncertainRate()) {
            watched = null;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("events", n);
            m.put("uncertainRate", rate);
            m.put("maxUncertainRate", settings.maxUncertainRate());
            try {
                promotions.rollback("auto-rollback", "promotion watch", String.format(java.util.Locale.ROOT,
                        "%s answered uncertain on %.0f %% of %d events, unknown included (bound %.0f %%)", w,
                        rate * 100, n, settings.maxUncertainRate() * 100), m);
            } catch (PromotionRefusedException e) {
                LOG.warn("watch: {} should be rolled back but cannot be: {}", w, e.getMessage());
            }
            return;
        }
        if (System.nanoTime() < untilNanos) {
            timer.schedule(this::check, 1, TimeUnit.SECONDS);
        } else {
            LOG.info("watch of {} over: {} events, {} % uncertain", w, n, Math.round(rate * 100));
            watched = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
