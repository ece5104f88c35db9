package dev.watchkeeper.history;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Changes as read (seq, moment, indexer, its record then or none when it left), in seq order, held
 * in columns of numbers: a cursor keeps up to 500,000, and an object per change (a record and its
 * boxed numbers) was most of what the collector copied in the middle of a scrub step (history
 * benchmark). A record is made when asked for ({@link #record}), and the cursor's fleets hold only
 * the ones they show.
 */
final class ChangeLog {

    private static final LifecycleState[] LIFECYCLES = LifecycleState.values();
    private static final IndexerState.Readability[] READABILITIES = IndexerState.Readability.values();
    private static final StreamHealth[] STREAMS = StreamHealth.values();
    private static final ExecutorHealth[] EXECUTORS = ExecutorHealth.values();

    // the codes column: each enum as ordinal + 1 (0: null) in a byte; enabled; which numbers are null; present
    private static final int LIFECYCLE = 0;
    private static final int READABILITY = 8;
    private static final int STREAM = 16;
    private static final int EXECUTOR = 24;
    private static final int ENABLED = 32;
    private static final int NO_NUMBER = 34;
    private static final long PRESENT = 1L << 40;

    /**
     * Changes per chunk. Chunks, not one array per column: columns of 500,000 grown by doubling
     * copied tens of megabytes within one step (the history benchmark's slowest forward step), and
     * putting a stretch before what is held moved all of it; chunks are only added and dropped.
     */
    private static final int SHIFT = 13;
    private static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    /** One chunk's columns. */
    private static final class Chunk {
        final long[] seq = new long[CHUNK];
        final long[] atMs = new long[CHUNK];
        final IndexerId[] ids = new IndexerId[CHUNK];
        final int[] slots = new int[CHUNK];
        final long[] codes = new long[CHUNK];
        /** synced_at, stream_updated_s, last_block, queue_depth. */
        final long[][] numbers = new long[4][CHUNK];
        /** raw lifecycle, state problem, progress problem: mostly null, and shared ({@link RecordColumns#text}). */
        final String[][] texts = new String[3][CHUNK];

        void copy(int from, Chunk to, int at) {
            to.seq[at] = seq[from];
            to.atMs[at] = atMs[from];
            to.ids[at] = ids[from];
            to.slots[at] = slots[from];
            to.codes[at] = codes[from];
            for (int k = 0; k < numbers.length; k++) {
                to.numbers[k][at] = numbers[k][from];
            }
            for (int k = 0; k < texts.length; k++) {
                to.texts[k][at] = texts[k][from];
            }
        }

        void forget(int at) {
            ids[at] = null;
            for (String[] t : texts) {
                t[at] = null;
            }
        }
    }

    private final ArrayList<Chunk> chunks = new ArrayList<>();
    /** Where change 0 is in the first chunk. */
    private int start;
    private int size;

    int size() {
        return size;
    }

    long seq(int i) {
        return chunk(i).seq[at(i)];
    }

    long atMs(int i) {
        return chunk(i).atMs[at(i)];
    }

    IndexerId id(int i) {
        return chunk(i).ids[at(i)];
    }

    /** The indexer's place in the fleets' arrays ({@link HistoryStore#slotOf}). */
    int slot(int i) {
        return chunk(i).slots[at(i)];
    }

    /** The indexer's record after change {@code i}, made now (equal each time); null when it left. */
    IndexerRecord record(int i) {
        Chunk ch = chunk(i);
        int a = at(i);
        long c = ch.codes[a];
        if ((c & PRESENT) == 0) {
            return null;
        }
        int enabled = (int) (c >>> ENABLED) & 3;
        return new IndexerRecord(ch.ids[a], constant(LIFECYCLES, c, LIFECYCLE), ch.texts[0][a], enabled == 0 ? null : enabled == 2,
                number(ch, c, 0, a), constant(READABILITIES, c, READABILITY), ch.texts[1][a], constant(STREAMS, c, STREAM),
                number(ch, c, 1, a), constant(EXECUTORS, c, EXECUTOR), number(ch, c, 2, a), number(ch, c, 3, a), ch.texts[2][a]);
    }

    /** The indexers of changes {@code from} (inclusive) to {@code to}, a view until these change. */
    List<IndexerId> ids(int from, int to) {
        return new AbstractList<>() {
            @Override
            public IndexerId get(int k) {
                return id(from + Objects.checkIndex(k, to - from));
            }

            @Override
            public int size() {
                return to - from;
            }
        };
    }

    /**
     * Adds a change read from {@code rs}: its record's {@link RecordColumns#SELECTED} columns from
     * column {@code first} on, read as {@link RecordColumns#read} reads them; none when not {@code present}.
     */
    void add(long changeSeq, long changeAtMs, IndexerId id, int slot, boolean present, ResultSet rs, int first) throws SQLException {
        int p = start + size;
        if (p >>> SHIFT == chunks.size()) {
            chunks.add(new Chunk());
        }
        Chunk ch = chunks.get(p >>> SHIFT);
        int a = p & MASK;
        ch.seq[a] = changeSeq;
        ch.atMs[a] = changeAtMs;
        ch.ids[a] = id;
        ch.slots[a] = slot;
        long c = 0;
        String raw = null;
        String stateProblem = null;
        String progressProblem = null;
        if (present) {
            int i = first;
            c |= code(RecordColumns.enumOf(rs, i, LIFECYCLES, LifecycleState.class), LIFECYCLE);
            i += 2;
            raw = RecordColumns.text(rs.getBytes(i++));
            long enabled = rs.getLong(i++);
            c |= (rs.wasNull() ? 0L : enabled != 0 ? 2L : 1L) << ENABLED;
            c |= number(rs, i++, ch, 0, a);
            c |= code(RecordColumns.enumOf(rs, i, READABILITIES, IndexerState.Readability.class), READABILITY);
            i += 2;
            stateProblem = RecordColumns.text(rs.getBytes(i++));
            c |= code(RecordColumns.enumOf(rs, i, STREAMS, StreamHealth.class), STREAM);
            i += 2;
            c |= number(rs, i++, ch, 1, a);
            c |= code(RecordColumns.enumOf(rs, i, EXECUTORS, ExecutorHealth.class), EXECUTOR);
            i += 2;
            c |= number(rs, i++, ch, 2, a);
            c |= number(rs, i++, ch, 3, a);
            progressProblem = RecordColumns.text(rs.getBytes(i));
            c |= PRESENT;
        }
        ch.codes[a] = c;
        ch.texts[0][a] = raw;
        ch.texts[1][a] = stateProblem;
        ch.texts[2][a] = progressProblem;
        size++;
    }

    /** Puts {@code earlier}'s changes before these (chunks are added in front: nothing held moves). */
    void prepend(ChangeLog earlier) {
        int n = earlier.size;
        if (start < n) {
            int more = (n - start + MASK) >>> SHIFT;
            List<Chunk> front = new ArrayList<>(more);
            for (int k = 0; k < more; k++) {
                front.add(new Chunk());
            }
            chunks.addAll(0, front);
            start += more * CHUNK;
        }
        start -= n;
        size += n;
        for (int i = 0; i < n; i++) {
            earlier.chunk(i).copy(earlier.at(i), chunk(i), at(i));
        }
    }

    /** Lets go of the first {@code n} changes: whole chunks are dropped, only the one kept in part is cleared. */
    void removeFirst(int n) {
        Objects.checkFromIndexSize(0, n, size);
        int end = start + n;
        int dropped = end >>> SHIFT;
        if (dropped < chunks.size()) {
            Chunk first = chunks.get(dropped);
            for (int a = dropped == 0 ? start : 0; a < (end & MASK); a++) {
                first.forget(a);
            }
        }
        chunks.subList(0, Math.min(dropped, chunks.size())).clear();
        start = end & MASK;
        size -= n;
        if (size == 0) {
            clear();
        }
    }

    /** Lets go of the changes from {@code n} on: whole chunks are dropped, only the one kept in part is cleared. */
    void truncate(int n) {
        Objects.checkFromIndexSize(0, n, size);
        if (n == 0) {
            start = 0;
            size = 0;
            chunks.clear();
            return;
        }
        int end = start + n;
        int used = (end + MASK) >>> SHIFT;
        chunks.subList(used, chunks.size()).clear();
        Chunk last = chunks.get(used - 1);
        int to = Math.min(CHUNK, start + size - (used - 1) * CHUNK);
        for (int a = end - (used - 1) * CHUNK; a < to; a++) {
            last.forget(a);
        }
        size = n;
    }

    void clear() {
        truncate(0);
    }

    private Chunk chunk(int i) {
        return chunks.get((start + check(i)) >>> SHIFT);
    }

    private int at(int i) {
        return (start + i) & MASK;
    }

    private static long code(Enum<?> e, int shift) {
        return e == null ? 0 : (long) (e.ordinal() + 1) << shift;
    }

    private static <E> E constant(E[] constants, long codes, int shift) {
        int code = (int) (codes >>> shift) & 0xff;
        return code == 0 ? null : constants[code - 1];
    }

    /** Reads number column {@code k}'s value into place; returns its null flag for the codes. */
    private static long number(ResultSet rs, int i, Chunk ch, int k, int a) throws SQLException {
        long v = rs.getLong(i);
        ch.numbers[k][a] = v;
        return rs.wasNull() ? 1L << (NO_NUMBER + k) : 0;
    }

    private static Long number(Chunk ch, long codes, int k, int a) {
        return (codes & 1L << (NO_NUMBER + k)) != 0 ? null : Long.valueOf(ch.numbers[k][a]);
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return i;
    }
}
