package dev.actionstream.runtime.episodes;

import dev.actionstream.config.RuntimeConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Ended episodes into the {@link EpisodeDatabase}, and queries out of it, all on one thread
 * ({@code episode-history}) behind a bounded queue: the tracker's thread only enqueues. Retention (age, count) runs
 * after each write; the ids it deletes are handed to {@code onDeleted} (the clips).
 *
 * <p>When the database cannot be opened (corrupt, locked by another process, full disk) the history is
 * <em>unavailable</em>: the reason is logged once and answered by the API, and episodes still go everywhere else.
 * A write that fails later (the file locked by another process for longer than the busy timeout, a full disk) is
 * logged and counted, and the episode is kept (up to {@value #RETRY} of them) and written again before the next one
 * and at close, so a passing fault loses nothing.
 */
public final class EpisodeHistory implements EpisodeSink, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EpisodeHistory.class);
    static final int QUEUE = 1024;
    static final int RETRY = 1024;
    private static final long DAY_MILLIS = 86_400_000L;

    private final RuntimeConfig.Episodes config;
    private final EpisodeDatabase database;
    private final String unavailable;
    private final ThreadPoolExecutor thread;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Episodes whose write failed, oldest first; the history thread's only. */
    private final java.util.ArrayDeque<Episode> retry = new java.util.ArrayDeque<>();
    private volatile Consumer<List<String>> onDeleted = ids -> {
    };

    private EpisodeHistory(RuntimeConfig.Episodes config, EpisodeDatabase database, String unavailable) {
        this.config = config;
        this.database = database;
        this.unavailable = unavailable;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                new DefaultThreadFactory("episode-history", true));
    }

    /** Opens the history under {@code config.dataDir}; never throws: a database that cannot open makes it unavailable. */
    public static EpisodeHistory open(RuntimeConfig.Episodes config) {
        Objects.requireNonNull(config, "config");
        try {
            EpisodeDatabase db = new EpisodeDatabase(Path.of(config.dataDir()));
            EpisodeHistory h = new EpisodeHistory(config, db, null);
            LOG.info("episode history in {} (schema version {})", db.file(), EpisodeDatabase.MIGRATIONS.size());
            h.thread.execute(h::retain);
            return h;
        } catch (HistoryUnavailableException e) {
            LOG.error("{}; episodes are still tracked and sent, but not stored", e.getMessage());
            return new EpisodeHistory(config, null, e.getMessage());
        }
    }

    /** Where clips go when retention deletes their episodes. */
    public void onDeleted(Consumer<List<String>> whenDeleted) {
        this.onDeleted = Objects.requireNonNull(whenDeleted, "whenDeleted");
    }

    /** Why the history cannot be used, or null when it can. */
    public String unavailable() {
        return unavailable;
    }

    @Override
    public void onEpisode(EpisodeEvent event) {
        if (event.phase() != EpisodeEvent.Phase.END || database == null) {
            return;
        }
        Episode e = event.episode();
        try {
            thread.execute(() -> store(e));
        } catch (RejectedExecutionException full) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.error("episode history: {} queued writes, episode {} of {} not stored ({} so far)", QUEUE, e.id(),
                        e.stream(), n);
            }
        }
    }

    private void store(Episode e) {
        if (!retryFailed() || !insert(e)) {
            keep(e);
            return;
        }
        retain();
    }

    /** Writes the episodes whose write failed before; false when one still fails (the rest wait with it). */
    private boolean retryFailed() {
        while (!retry.isEmpty()) {
            if (!insert(retry.peekFirst())) {
                return false;
            }
            retry.pollFirst();
        }
        return true;
    }

    private boolean insert(Episode e) {
        try {
            database.insert(e);
            stored.incrementAndGet();
            return true;
        } catch (SQLException ex) {
            long n = failed.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.error("{}; episode {} of {} kept to be written again ({} failed writes so far)",
                        EpisodeDatabase.explain(database.file(), ex), e.id(), e.stream(), n);
            }
            return false;
        }
    }

    private void keep(Episode e) {
        if (retry.size() == RETRY) {
            Episode lost = retry.pollFirst();
            dropped.incrementAndGet();
            LOG.error("episode history: {} episodes wait to be written; episode {} of {} is lost", RETRY, lost.id(),
                    lost.stream());
        }
        retry.addLast(e);
    }

    /** Episodes waiting to be written again after a failed write. */
    public CompletableFuture<Integer> waiting() {
        return onThread(() -> retry.size());
    }

    private void retain() {
        try {
            long cutoff = System.currentTimeMillis() - Math.round(config.retentionDays() * DAY_MILLIS);
            List<String> gone = database.retain(cutoff, config.maxEpisodes());
            if (!gone.isEmpty()) {
                onDeleted.accept(gone);
            }
        } catch (SQLException | RuntimeException ex) {
            LOG.warn("episode history: retention failed: {}", ex.toString());
        }
    }

    /** A page of ended episodes, newest first, queried on the history's thread. */
    public CompletableFuture<List<EpisodeDatabase.StoredEpisode>> query(EpisodeQuery q) {
        return onThread(() -> database.query(q));
    }

    /** One ended episode, or null. */
    public CompletableFuture<Episode> get(String id) {
        return onThread(() -> {
            EpisodeDatabase.StoredEpisode s = database.get(id);
            return s == null ? null : s.episode();
        });
    }

    /** Episodes stored now (after the writes queued before this call). */
    public CompletableFuture<Long> count() {
        return onThread(() -> database.count());
    }

    private interface Sql<T> {
        T run() throws SQLException;
    }

    private <T> CompletableFuture<T> onThread(Sql<T> work) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (database == null) {
            done.completeExceptionally(new HistoryUnavailableException(unavailable, null));
            return done;
        }
        try {
            thread.execute(() -> {
                try {
                    done.complete(work.run());
                } catch (SQLException | RuntimeException e) {
                    done.completeExceptionally(new HistoryUnavailableException(
                            EpisodeDatabase.explain(database.file(), e), e));
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(new RejectedExecutionException("episode history busy or closed; retry later"));
        }
        return done;
    }

    public long stored() {
        return stored.get();
    }

    public long failed() {
        return failed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Writes what is queued (the episodes the tracker ended while closing included), then closes the file. */
    @Override
    public void close() {
        if (database != null) {
            try {
                thread.execute(() -> {
                    if (!retryFailed()) {
                        LOG.error("episode history: {} ended episodes could not be written and are lost", retry.size());
                    }
                });
            } catch (RejectedExecutionException alreadyClosed) {
                // Closed twice: nothing left to write.
            }
        }
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.error("episode history: writes still queued after 10 s; {} episodes may be lost",
                        thread.getQueue().size());
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (database != null) {
            database.close();
        }
    }
}
