package dev.watchkeeper.history;

import dev.watchkeeper.history.HistoryQueries.KeyframeRef;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * Removes the oldest history, one keyframe interval at a time, until what is left is younger than
 * the maximum age and smaller than the maximum size. Deletes run on the writer connection in short
 * transactions of at most {@value #CHUNK} changes, so the recorder never waits long and readers never
 * wait (SQLite WAL, PostgreSQL MVCC). History always starts at a keyframe, so every moment kept can be
 * rewound. SQLite keeps the file at its largest size and reuses the freed pages: the size counted is
 * the pages in use.
 */
public final class Retention {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    public static final long DEFAULT_MAX_BYTES = 2L * 1024 * 1024 * 1024;
    static final int CHUNK = 20_000;

    private final HistoryStore store;
    private final Duration maxAge;
    private final long maxBytes;

    public Retention(HistoryStore store, Duration maxAge, long maxBytes) {
        this.store = store;
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
    }

    /** What one pass removed, and where history starts now (null: nothing stored). */
    public record Result(int keyframesRemoved, long changesRemoved, Instant historyStart, long bytesInUse) {
    }

    public Result apply(Instant now) {
        Connection db = store.writer();
        synchronized (db) {
            try {
                int keyframes = 0;
                long changes = 0;
                // by age: the newest keyframe at or before the cutoff becomes the start of history
                KeyframeRef start = keyframe(db, "SELECT id, at_ms, last_seq FROM keyframe WHERE at_ms <= ? ORDER BY at_ms DESC, id DESC LIMIT 1",
                        now.minus(maxAge).toEpochMilli());
                if (start != null) {
                    keyframes += removeKeyframesBefore(db, start);
                    changes += removeChangesBefore(db, start);
                }
                // by size: the oldest share of the changes that brings the store under the limit, to a keyframe.
                // Computed once, not by re-measuring: PostgreSQL files do not shrink when rows go (they are reused).
                long size = store.sizeBytes();
                if (size > maxBytes) {
                    KeyframeRef cut = keyframeCovering(db, 1 - (double) maxBytes / size);
                    if (cut != null) {
                        keyframes += removeKeyframesBefore(db, cut);
                        changes += removeChangesBefore(db, cut);
                    }
                }
                KeyframeRef first = keyframe(db, "SELECT id, at_ms, last_seq FROM keyframe ORDER BY at_ms, id LIMIT 1");
                return new Result(keyframes, changes, first == null ? null : Instant.ofEpochMilli(first.atMs()), store.sizeBytes());
            } catch (SQLException e) {
                try {
                    db.rollback();
                } catch (SQLException ignored) {
                    // the failure below says what went wrong
                }
                throw store.failure("apply retention to", e);
            }
        }
    }

    /** The oldest keyframe whose changes before it make up at least {@code share} of all stored changes (else the newest). */
    private static KeyframeRef keyframeCovering(Connection db, double share) throws SQLException {
        long min;
        long max;
        try (Statement st = db.createStatement()) {
            min = HistoryStore.single(st, "SELECT coalesce(min(seq), 0) FROM indexer_event");
            max = HistoryStore.single(st, "SELECT coalesce(max(seq), 0) FROM indexer_event");
        }
        long target = min + (long) Math.ceil(share * (max - min + 1));
        KeyframeRef k = keyframe(db, "SELECT id, at_ms, last_seq FROM keyframe WHERE last_seq >= ? ORDER BY at_ms, id LIMIT 1", target);
        return k != null ? k : keyframe(db, "SELECT id, at_ms, last_seq FROM keyframe ORDER BY at_ms DESC, id DESC LIMIT 1");
    }

    private static int removeKeyframesBefore(Connection db, KeyframeRef start) throws SQLException {
        int removed = 0;
        while (true) {
            KeyframeRef old = keyframe(db, "SELECT id, at_ms, last_seq FROM keyframe WHERE at_ms < ? OR (at_ms = ? AND id < ?) ORDER BY at_ms, id LIMIT 1",
                    start.atMs(), start.atMs(), start.id());
            if (old == null) {
                return removed;
            }
            exec(db, "DELETE FROM keyframe_indexer WHERE keyframe = ?", old.id());
            exec(db, "DELETE FROM keyframe WHERE id = ?", old.id());
            removed++;
        }
    }

    /** Every change the start keyframe covers, then whatever else is older than it. */
    private static long removeChangesBefore(Connection db, KeyframeRef start) throws SQLException {
        long lowest;
        try (Statement st = db.createStatement()) {
            lowest = HistoryStore.single(st, "SELECT coalesce(min(seq), 1) FROM indexer_event");
        }
        long removed = 0;
        for (long from = lowest - 1; from < start.lastSeq(); from += CHUNK) {
            removed += exec(db, "DELETE FROM indexer_event WHERE seq > ? AND seq <= ?", from, Math.min(from + CHUNK, start.lastSeq()));
        }
        long at = start.atMs();
        // each source's and the snapshotter's last word before the start still holds at the start
        exec(db, "DELETE FROM source_event WHERE at_ms < ? AND seq NOT IN (SELECT max(seq) FROM source_event WHERE at_ms < ? GROUP BY source)", at, at);
        exec(db, "DELETE FROM snapshotter_event WHERE at_ms < ? AND seq NOT IN (SELECT max(seq) FROM snapshotter_event WHERE at_ms < ?)", at, at);
        // epochs: the window shown at the start reaches back to epochs last changed up to an hour before it
        exec(db, "DELETE FROM epoch_event WHERE at_ms < ?", at - Duration.ofHours(1).toMillis());
        exec(db, "DELETE FROM epoch_projects WHERE at_ms < ?", at - Duration.ofHours(1).toMillis());
        exec(db, "DELETE FROM command_target WHERE command IN (SELECT seq FROM command_event WHERE at_ms < ?)", at);
        exec(db, "DELETE FROM command_event WHERE at_ms < ?", at);
        exec(db, "DELETE FROM gap WHERE to_ms < ?", at);
        // incidents resolved before the start (open ones stay, however old)
        exec(db, "DELETE FROM incident_member WHERE (origin, incident) IN (SELECT origin, id FROM incident WHERE end_ms < ?)", at);
        exec(db, "DELETE FROM incident_evidence WHERE (origin, incident) IN (SELECT origin, id FROM incident WHERE end_ms < ?)", at);
        exec(db, "DELETE FROM incident WHERE end_ms < ?", at);
        return removed;
    }

    /** Runs one statement in its own short transaction. */
    private static long exec(Connection db, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            long n = ps.executeUpdate();
            db.commit();
            return n;
        }
    }

    private static KeyframeRef keyframe(Connection db, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new KeyframeRef(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : null;
            }
        }
    }
}
