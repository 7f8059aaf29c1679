package dev.actionstream.runtime.episodes;

import dev.actionstream.config.RuntimeConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The history on a real SQLite file: paging, filters, reopening, retention, and files it cannot use. */
class EpisodeHistoryTest {

    static final long DAY = 86_400_000L;

    @TempDir
    Path dir;

    RuntimeConfig.Episodes config(double retentionDays, int maxEpisodes) {
        return RuntimeConfig.Episodes.defaults().withDataDir(dir.toString()).withRetention(retentionDays, maxEpisodes);
    }

    static Episode episode(String stream, String label, long startMs) {
        return new Episode(UUID.randomUUID().toString(), stream, label, startMs, startMs + 2000, 2000, 10, 60, 0.9,
                startMs + 500, 0.8, 5, "lrcn", "3", Episode.ENDED, "gap");
    }

    static void end(EpisodeHistory h, Episode e) {
        h.onEpisode(EpisodeEvent.of(EpisodeEvent.Phase.END, e));
    }

    static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    static List<String> reversed(List<String> in) {
        List<String> out = new ArrayList<>(in);
        java.util.Collections.reverse(out);
        return out;
    }

    @Test
    void storesEndedEpisodesOnlyAndPagesThemNewestFirstWithACursor() throws Exception {
        long now = System.currentTimeMillis();
        List<Episode> all = new ArrayList<>();
        try (EpisodeHistory h = EpisodeHistory.open(config(30, 1000))) {
            assertNull(h.unavailable());
            h.onEpisode(EpisodeEvent.of(EpisodeEvent.Phase.START, episode("cam", "walking", now)));
            for (int i = 0; i < 7; i++) {
                Episode e = episode(i % 2 == 0 ? "cam" : "door", i < 4 ? "walking" : "running", now + i * 10_000);
                all.add(e);
                end(h, e);
            }
            assertEquals(7L, get(h.count()), "start events are not stored");
            List<String> seen = new ArrayList<>();
            long cursor = 0;
            List<Integer> pages = new ArrayList<>();
            while (true) {
                var page = get(h.query(new EpisodeQuery(null, null, 0, 0, 3, cursor)));
                pages.add(page.size());
                page.forEach(s -> seen.add(s.episode().id()));
                if (page.size() < 3) {
                    break;
                }
                cursor = page.get(page.size() - 1).seq();
            }
            assertEquals(List.of(3, 3, 1), pages);
            assertEquals(reversed(all.stream().map(Episode::id).toList()), seen, "newest first, each once");

            assertEquals(4, get(h.query(new EpisodeQuery("cam", null, 0, 0, 50, 0))).size());
            assertEquals(3, get(h.query(new EpisodeQuery(null, "running", 0, 0, 50, 0))).size());
            assertEquals(2, get(h.query(new EpisodeQuery("door", "walking", 0, 0, 50, 0))).size());
            var window = get(h.query(new EpisodeQuery(null, null, now + 25_000, now + 45_000, 50, 0)));
            assertEquals(List.of(all.get(4).id(), all.get(3).id()), window.stream().map(s -> s.episode().id()).toList(),
                    "still going at since (ends after it) and started before until");
            Episode stored = get(h.get(all.get(2).id()));
            assertEquals(all.get(2), stored, "every field comes back as written");
        }
    }

    @Test
    void historySurvivesClosingAndReopening() throws Exception {
        Episode e = episode("cam", "boxing", System.currentTimeMillis());
        try (EpisodeHistory h = EpisodeHistory.open(config(30, 1000))) {
            end(h, e);
        }
        try (EpisodeHistory h = EpisodeHistory.open(config(30, 1000))) {
            assertEquals(e, get(h.get(e.id())));
            assertEquals(1L, get(h.count()));
        }
    }

    @Test
    void retentionKeepsTheNewestMaxEpisodesAndDropsThoseOlderThanTheAge() throws Exception {
        long now = System.currentTimeMillis();
        List<String> deleted = new CopyOnWriteArrayList<>();
        List<Episode> all = new ArrayList<>();
        try (EpisodeHistory h = EpisodeHistory.open(config(7, 5))) {
            h.onDeleted(deleted::addAll);
            Episode old = episode("cam", "walking", now - 8 * DAY);
            end(h, old);
            for (int i = 0; i < 8; i++) {
                Episode e = episode("cam", "walking", now + i);
                all.add(e);
                end(h, e);
            }
            assertEquals(5L, get(h.count()));
            var kept = get(h.query(new EpisodeQuery(null, null, 0, 0, 50, 0)));
            assertEquals(reversed(all.subList(3, 8).stream().map(Episode::id).toList()),
                    kept.stream().map(s -> s.episode().id()).toList());
            assertTrue(deleted.contains(old.id()), "the 8-day-old episode went (7 days kept)");
            assertEquals(4, deleted.size(), "the old one and the three oldest beyond 5: " + deleted);
        }
    }

    @Test
    void aCorruptFileMakesTheHistoryUnavailableWithAClearReason() throws Exception {
        Files.writeString(dir.resolve("episodes.db"), "this is not a database, it is a shopping list\n".repeat(200));
        try (EpisodeHistory h = EpisodeHistory.open(config(30, 1000))) {
            String why = h.unavailable();
            assertNotNull(why);
            assertTrue(why.contains(dir.resolve("episodes.db").toString()) && why.contains("not a readable SQLite")
                    && why.contains("move it aside"), why);
            end(h, episode("cam", "walking", 1));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> get(h.count()));
            assertInstanceOf(HistoryUnavailableException.class, failed.getCause());
        }
    }

    @Test
    void aFileLockedByAnotherProcessGivesAClearReason() throws Exception {
        Files.createDirectories(dir);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("episodes.db"));
             Statement s = other.createStatement()) {
            s.execute("PRAGMA locking_mode = EXCLUSIVE");
            s.execute("CREATE TABLE mine (x INTEGER)");
            s.execute("BEGIN EXCLUSIVE");
            s.execute("INSERT INTO mine VALUES (1)");
            try (EpisodeHistory h = EpisodeHistory.open(config(30, 1000))) {
                assertNotNull(h.unavailable());
                assertTrue(h.unavailable().contains("locked by another process"), h.unavailable());
            }
            s.execute("COMMIT");
        }
    }

    @Test
    void aWriteThatFailsWhileAnotherProcessHoldsTheLockIsWrittenOnceTheLockIsGone() throws Exception {
        Episode during = episode("cam", "walking", System.currentTimeMillis());
        Episode after = episode("cam", "running", System.currentTimeMillis() + 1);
        try (EpisodeHistory h = EpisodeHistory.open(config(30, 1000))) {
            assertNull(h.unavailable());
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("episodes.db"));
                 Statement s = other.createStatement()) {
                s.execute("BEGIN EXCLUSIVE");
                end(h, during);
                assertEquals(1, get(h.waiting()), "the write waited out the busy timeout, failed, is kept");
                assertEquals(1, h.failed());
                s.execute("ROLLBACK");
            }
            end(h, after);
            assertEquals(2L, get(h.count()), "both stored once the lock is gone");
            assertEquals(0, get(h.waiting()));
            assertEquals(during, get(h.get(during.id())));
        }
    }

    @Test
    void episodesKeptAfterAFailedWriteAreWrittenAtClose() throws Exception {
        Episode e = episode("cam", "walking", System.currentTimeMillis());
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("episodes.db"));
             Statement s = other.createStatement()) {
            EpisodeHistory h = EpisodeHistory.open(config(30, 1000));
            s.execute("BEGIN EXCLUSIVE");
            end(h, e);
            assertEquals(1, get(h.waiting()));
            s.execute("ROLLBACK");
            h.close();
        }
        try (EpisodeHistory h = EpisodeHistory.open(config(30, 1000))) {
            assertEquals(e, get(h.get(e.id())));
        }
    }

    @Test
    void aFileFromANewerReleaseIsRefusedNotMisread() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("episodes.db"));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (EpisodeDatabase.MIGRATIONS.size() + 1));
        }
        try (EpisodeHistory h = EpisodeHistory.open(config(30, 1000))) {
            assertTrue(String.valueOf(h.unavailable()).contains("newer actionstream"), h.unavailable());
        }
    }

    @Test
    void theSchemaIsAtItsLatestVersionInWalMode() throws Exception {
        try (EpisodeHistory h = EpisodeHistory.open(config(30, 1000))) {
            assertNull(h.unavailable());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("episodes.db"));
             Statement s = c.createStatement()) {
            var v = s.executeQuery("PRAGMA user_version");
            assertEquals(EpisodeDatabase.MIGRATIONS.size(), v.getInt(1));
            var mode = s.executeQuery("PRAGMA journal_mode");
            assertEquals("wal", mode.getString(1));
        }
    }
}
