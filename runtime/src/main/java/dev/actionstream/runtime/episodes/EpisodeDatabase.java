package dev.actionstream.runtime.episodes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The episode history in one SQLite file ({@code <dataDir>/episodes.db}), in WAL mode so readers never wait for the
 * writer and a write that returned survives a crash. The schema is versioned in SQLite's {@code user_version}: each
 * entry of {@link #MIGRATIONS} moves it one version up, in one transaction, and a file written by a newer release is
 * refused rather than misread. Ended episodes only: an open one is the tracker's.
 *
 * <p>Not thread-safe: one thread ({@code episode-history}) owns it.
 */
final class EpisodeDatabase implements AutoCloseable {

    static final String FILE = "episodes.db";
    /** How long a statement waits for a lock another process holds before it fails. */
    static final int BUSY_TIMEOUT_MILLIS = 2_000;

    /** Version n is reached by running entry n-1. Never edit an entry that has shipped; append one. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of("""
                    CREATE TABLE episodes (
                      seq             INTEGER PRIMARY KEY AUTOINCREMENT,
                      id              TEXT    NOT NULL UNIQUE,
                      stream          TEXT    NOT NULL,
                      label           TEXT    NOT NULL,
                      start_ms        INTEGER NOT NULL,
                      end_ms          INTEGER NOT NULL,
                      duration_ms     INTEGER NOT NULL,
                      start_frame     INTEGER NOT NULL,
                      end_frame       INTEGER NOT NULL,
                      peak_confidence REAL    NOT NULL,
                      peak_ms         INTEGER NOT NULL,
                      mean_confidence REAL    NOT NULL,
                      events          INTEGER NOT NULL,
                      model_name      TEXT    NOT NULL,
                      model_version   TEXT    NOT NULL,
                      end_reason      TEXT    NOT NULL)""",
                    "CREATE INDEX episodes_stream_seq ON episodes (stream, seq)",
                    "CREATE INDEX episodes_label_seq ON episodes (label, seq)",
                    "CREATE INDEX episodes_end ON episodes (end_ms)"));

    private static final String COLUMNS = "seq, id, stream, label, start_ms, end_ms, duration_ms, start_frame, "
            + "end_frame, peak_confidence, peak_ms, mean_confidence, events, model_name, model_version, end_reason";

    private final Path file;
    private final Connection connection;
    private final PreparedStatement insert;

    /**
     * Opens (or creates) the history and brings its schema up to date.
     *
     * @throws HistoryUnavailableException with a message that says what is wrong with the file and what to do
     */
    EpisodeDatabase(Path dataDir) throws HistoryUnavailableException {
        this.file = dataDir.resolve(FILE);
        Connection c = null;
        try {
            Files.createDirectories(dataDir);
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
                // The first statement that reads the file: a corrupt or foreign file fails here.
                try (ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    String mode = r.next() ? r.getString(1) : "";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new SQLException("journal mode is " + mode + ", not WAL");
                    }
                }
                s.execute("PRAGMA synchronous = NORMAL");
            }
            migrate(c);
            this.connection = c;
            this.insert = c.prepareStatement("INSERT OR IGNORE INTO episodes (" + COLUMNS.substring(5)
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        } catch (SQLException | java.io.IOException e) {
            closeQuietly(c);
            throw new HistoryUnavailableException(explain(file, e), e);
        }
    }

    Path file() {
        return file;
    }

    /** What a failure of this file means, for a person: corrupt, locked, full disk, or the driver's words. */
    static String explain(Path file, Exception e) {
        String m = String.valueOf(e.getMessage());
        String lower = m.toLowerCase(Locale.ROOT);
        String what;
        if (lower.contains("not a database") || lower.contains("malformed") || lower.contains("sqlite_corrupt")) {
            what = "is not a readable SQLite database (corrupt, or another kind of file): move it aside and restart "
                    + "to begin a new history";
        } else if (lower.contains("locked") || lower.contains("sqlite_busy")) {
            what = "is locked by another process (is another actionstream serve using the same data folder?)";
        } else if (lower.contains("disk is full") || lower.contains("sqlite_full") || lower.contains("no space")) {
            what = "cannot be written: the disk is full";
        } else if (lower.contains("readonly") || lower.contains("permission") || lower.contains("access")) {
            what = "cannot be written: no permission";
        } else {
            what = "cannot be used";
        }
        return "episode history " + file + " " + what + " (" + m + ")";
    }

    private static void migrate(Connection c) throws SQLException {
        int version;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            version = r.next() ? r.getInt(1) : 0;
        }
        if (version > MIGRATIONS.size()) {
            throw new SQLException("schema version " + version + " is newer than this release knows ("
                    + MIGRATIONS.size() + "): written by a newer actionstream");
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Stores an ended episode; a second insert of the same id is ignored (a retry after a failed commit). */
    void insert(Episode e) throws SQLException {
        PreparedStatement p = insert;
        p.setString(1, e.id());
        p.setString(2, e.stream());
        p.setString(3, e.label());
        p.setLong(4, e.startMs());
        p.setLong(5, e.endMs());
        p.setLong(6, e.durationMs());
        p.setLong(7, e.startFrame());
        p.setLong(8, e.endFrame());
        p.setDouble(9, e.peakConfidence());
        p.setLong(10, e.peakMs());
        p.setDouble(11, e.meanConfidence());
        p.setInt(12, e.events());
        p.setString(13, e.modelName());
        p.setString(14, e.modelVersion());
        p.setString(15, e.endReason());
        p.executeUpdate();
    }

    /**
     * Deletes episodes that ended before {@code endedBeforeMs}, and the oldest beyond the newest {@code keep}.
     *
     * @return the ids deleted (their clips go too)
     */
    List<String> retain(long endedBeforeMs, int keep) throws SQLException {
        List<String> gone = new ArrayList<>();
        String where = "end_ms < ? OR seq <= COALESCE((SELECT seq FROM episodes ORDER BY seq DESC LIMIT 1 OFFSET ?), 0)";
        try (PreparedStatement q = connection.prepareStatement("SELECT id FROM episodes WHERE " + where)) {
            q.setLong(1, endedBeforeMs);
            q.setInt(2, keep);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    gone.add(r.getString(1));
                }
            }
        }
        if (!gone.isEmpty()) {
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM episodes WHERE " + where)) {
                d.setLong(1, endedBeforeMs);
                d.setInt(2, keep);
                d.executeUpdate();
            }
        }
        return gone;
    }

    /** A page of the history, newest first; {@code beforeSeq} 0 for the first page. */
    List<StoredEpisode> query(EpisodeQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM episodes WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.stream() != null) {
            sql.append(" AND stream = ?");
            args.add(q.stream());
        }
        if (q.label() != null) {
            sql.append(" AND label = ?");
            args.add(q.label());
        }
        if (q.sinceMs() > 0) {
            sql.append(" AND end_ms >= ?");
            args.add(q.sinceMs());
        }
        if (q.untilMs() > 0) {
            sql.append(" AND start_ms < ?");
            args.add(q.untilMs());
        }
        if (q.beforeSeq() > 0) {
            sql.append(" AND seq < ?");
            args.add(q.beforeSeq());
        }
        sql.append(" ORDER BY seq DESC LIMIT ?");
        args.add(q.limit());
        try (PreparedStatement p = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
            return read(p);
        }
    }

    /** The episode with {@code id}, or null. */
    StoredEpisode get(String id) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT " + COLUMNS + " FROM episodes WHERE id = ?")) {
            p.setString(1, id);
            List<StoredEpisode> found = read(p);
            return found.isEmpty() ? null : found.get(0);
        }
    }

    long count() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM episodes")) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static List<StoredEpisode> read(PreparedStatement p) throws SQLException {
        List<StoredEpisode> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new StoredEpisode(r.getLong(1), new Episode(r.getString(2), r.getString(3), r.getString(4),
                        r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8), r.getLong(9), r.getDouble(10),
                        r.getLong(11), r.getDouble(12), r.getInt(13), r.getString(14), r.getString(15),
                        Episode.ENDED, r.getString(16))));
            }
        }
        return out;
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Closing a connection that failed to open; the open's error is the one reported.
            }
        }
    }

    /** An episode and its place in the history (the paging cursor). */
    record StoredEpisode(long seq, Episode episode) {
        StoredEpisode {
            Objects.requireNonNull(episode, "episode");
        }
    }
}
