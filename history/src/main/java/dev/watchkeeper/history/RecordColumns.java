package dev.watchkeeper.history;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** The columns an {@link IndexerRecord} is stored in, shared by indexer_event and keyframe_indexer. */
final class RecordColumns {

    static final String NAMES = "lifecycle, raw_lifecycle, enabled, synced_at, readability, state_problem, "
            + "stream_health, stream_updated_s, executor_health, last_block, queue_depth, progress_problem";
    static final String PLACEHOLDERS = "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?";
    static final int COUNT = 12;

    private RecordColumns() {
    }

    /** Binds the record's columns from parameter {@code first} on. */
    static void bind(PreparedStatement ps, int first, IndexerRecord r) throws SQLException {
        int i = first;
        text(ps, i++, r.lifecycle());
        ps.setString(i++, r.rawLifecycle());
        number(ps, i++, r.enabled() == null ? null : r.enabled() ? 1L : 0L);
        number(ps, i++, r.blockStreamSyncedAt());
        text(ps, i++, r.readability());
        ps.setString(i++, r.stateProblem());
        text(ps, i++, r.streamHealth());
        number(ps, i++, r.streamUpdatedAtSecs());
        text(ps, i++, r.executorHealth());
        number(ps, i++, r.lastPublishedBlock());
        number(ps, i++, r.queueDepth());
        ps.setString(i, r.progressProblem());
    }

    /**
     * Reads the record's columns from column {@code first} on. Text is read as bytes and enum names
     * are matched against the constants without making strings: sqlite-jdbc's getString makes a
     * direct buffer, a byte array and a string for every value, most of what a scrub through
     * thousands of changes allocated (JFR, history benchmark).
     */
    static IndexerRecord read(ResultSet rs, int first, IndexerId id) throws SQLException {
        int i = first;
        LifecycleState lifecycle = enumOf(rs.getBytes(i++), LIFECYCLES, LifecycleState.class);
        String raw = text(rs.getBytes(i++));
        Long enabled = number(rs, i++);
        Long synced = number(rs, i++);
        IndexerState.Readability readability = enumOf(rs.getBytes(i++), READABILITIES, IndexerState.Readability.class);
        String stateProblem = text(rs.getBytes(i++));
        StreamHealth stream = enumOf(rs.getBytes(i++), STREAMS, StreamHealth.class);
        Long streamUpdated = number(rs, i++);
        ExecutorHealth executor = enumOf(rs.getBytes(i++), EXECUTORS, ExecutorHealth.class);
        Long block = number(rs, i++);
        Long depth = number(rs, i++);
        String progressProblem = text(rs.getBytes(i));
        return new IndexerRecord(id, lifecycle, raw, enabled == null ? null : enabled != 0, synced, readability, stateProblem,
                stream, streamUpdated, executor, block, depth, progressProblem);
    }

    static void number(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    static Long number(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    private static void text(PreparedStatement ps, int i, Enum<?> e) throws SQLException {
        ps.setString(i, e == null ? null : e.name());
    }

    private static final LifecycleState[] LIFECYCLES = LifecycleState.values();
    private static final IndexerState.Readability[] READABILITIES = IndexerState.Readability.values();
    private static final StreamHealth[] STREAMS = StreamHealth.values();
    private static final ExecutorHealth[] EXECUTORS = ExecutorHealth.values();

    private static String text(byte[] utf8) {
        return utf8 == null ? null : new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The constant whose name the stored bytes spell (names are ASCII); one this build does not know as {@link #valueOf} reads it. */
    private static <E extends Enum<E>> E enumOf(byte[] name, E[] constants, Class<E> type) {
        if (name == null) {
            return null;
        }
        for (E e : constants) {
            String n = e.name();
            if (n.length() == name.length && spells(n, name)) {
                return e;
            }
        }
        return valueOf(type, text(name));
    }

    private static boolean spells(String ascii, byte[] bytes) {
        for (int k = 0; k < bytes.length; k++) {
            if (ascii.charAt(k) != bytes[k]) {
                return false;
            }
        }
        return true;
    }

    /** A stored enum name; a name this build does not know reads as the type's UNKNOWN (or null when it has none). */
    private static <E extends Enum<E>> E valueOf(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            try {
                return Enum.valueOf(type, "UNKNOWN");
            } catch (IllegalArgumentException none) {
                return null;
            }
        }
    }
}
