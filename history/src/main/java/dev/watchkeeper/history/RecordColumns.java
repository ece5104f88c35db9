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

    private static final LifecycleState[] LIFECYCLES = LifecycleState.values();
    private static final IndexerState.Readability[] READABILITIES = IndexerState.Readability.values();
    private static final StreamHealth[] STREAMS = StreamHealth.values();
    private static final ExecutorHealth[] EXECUTORS = ExecutorHealth.values();

    /**
     * The columns as {@link #read} reads them: each enum column also as its constant's ordinal, so a
     * known name is read as a number: sqlite-jdbc makes a byte array for every text value read, most
     * of what a scrub step through thousands of changes allocated (JFR, history benchmark).
     */
    static final String SELECTED = coded("lifecycle", LIFECYCLES) + ", raw_lifecycle, enabled, synced_at, " + coded("readability", READABILITIES)
            + ", state_problem, " + coded("stream_health", STREAMS) + ", stream_updated_s, " + coded("executor_health", EXECUTORS)
            + ", last_block, queue_depth, progress_problem";

    private RecordColumns() {
    }

    /**
     * "CASE column WHEN ... END, column": the ordinal of the constant the column names, null when it
     * is null or names none; then the column itself. (A CASE on the column is cheaper for SQLite
     * than one that compares it in each branch, and than handing the text over.)
     */
    private static String coded(String column, Enum<?>[] constants) {
        StringBuilder b = new StringBuilder("CASE ").append(column);
        for (Enum<?> e : constants) {
            b.append(" WHEN '").append(e.name()).append("' THEN ").append(e.ordinal());
        }
        return b.append(" END, ").append(column).toString();
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

    /** Reads the record's {@link #SELECTED} columns from column {@code first} on (texts held once: {@link #text}). */
    static IndexerRecord read(ResultSet rs, int first, IndexerId id) throws SQLException {
        int i = first;
        LifecycleState lifecycle = enumOf(rs, i, LIFECYCLES, LifecycleState.class);
        i += 2;
        String raw = text(rs.getBytes(i++));
        Long enabled = number(rs, i++);
        Long synced = number(rs, i++);
        IndexerState.Readability readability = enumOf(rs, i, READABILITIES, IndexerState.Readability.class);
        i += 2;
        String stateProblem = text(rs.getBytes(i++));
        StreamHealth stream = enumOf(rs, i, STREAMS, StreamHealth.class);
        i += 2;
        Long streamUpdated = number(rs, i++);
        ExecutorHealth executor = enumOf(rs, i, EXECUTORS, ExecutorHealth.class);
        i += 2;
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

    /** Texts read lately, by a hash of their bytes: raw lifecycles and problems take a few distinct values. */
    private static final String[] TEXTS = new String[256];

    /**
     * The text the bytes spell: the String read last with these bytes while it is still held (a
     * cursor keeps one per change). Strings are immutable, so threads racing on a slot only miss.
     */
    static String text(byte[] utf8) {
        if (utf8 == null) {
            return null;
        }
        if (utf8.length > 64) {
            return new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
        }
        int slot = java.util.Arrays.hashCode(utf8) & (TEXTS.length - 1);
        String held = TEXTS[slot];
        if (held != null && held.length() == utf8.length && spells(held, utf8)) {
            return held;
        }
        String s = new String(utf8, java.nio.charset.StandardCharsets.UTF_8);
        TEXTS[slot] = s;
        return s;
    }

    /**
     * The constant a coded column pair from {@code i} on names (see {@link #coded}); null for null,
     * and a name this build does not know as {@link #valueOf} reads it.
     */
    static <E extends Enum<E>> E enumOf(ResultSet rs, int i, E[] constants, Class<E> type) throws SQLException {
        int code = rs.getInt(i);
        return !rs.wasNull() && code >= 0 && code < constants.length ? constants[code] : valueOf(type, text(rs.getBytes(i + 1)));
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
