package dev.watchkeeper.history;

import dev.watchkeeper.model.IndexerId;

import java.util.Arrays;

/**
 * Changes as read (seq, moment, indexer, its record then or null when it left), in seq order, held
 * in columns: a cursor keeps up to 500,000, and an object per change was a third of what a scrub
 * step left for the collector to copy (arrays this long are allocated outside the young generation).
 */
final class ChangeLog {

    private long[] seq = new long[16];
    private long[] atMs = new long[16];
    private IndexerId[] ids = new IndexerId[16];
    private IndexerRecord[] records = new IndexerRecord[16];
    private int size;

    int size() {
        return size;
    }

    long seq(int i) {
        return seq[check(i)];
    }

    long atMs(int i) {
        return atMs[check(i)];
    }

    IndexerId id(int i) {
        return ids[check(i)];
    }

    IndexerRecord record(int i) {
        return records[check(i)];
    }

    /** The indexers of changes {@code from} (inclusive) to {@code to}, a view until these change. */
    java.util.List<IndexerId> ids(int from, int to) {
        return Arrays.asList(ids).subList(from, to);
    }

    void add(long changeSeq, long changeAtMs, IndexerId id, IndexerRecord record) {
        room(size + 1);
        seq[size] = changeSeq;
        atMs[size] = changeAtMs;
        ids[size] = id;
        records[size] = record;
        size++;
    }

    /** Puts {@code earlier}'s changes before these. */
    void prepend(ChangeLog earlier) {
        int n = earlier.size;
        room(size + n);
        System.arraycopy(seq, 0, seq, n, size);
        System.arraycopy(atMs, 0, atMs, n, size);
        System.arraycopy(ids, 0, ids, n, size);
        System.arraycopy(records, 0, records, n, size);
        System.arraycopy(earlier.seq, 0, seq, 0, n);
        System.arraycopy(earlier.atMs, 0, atMs, 0, n);
        System.arraycopy(earlier.ids, 0, ids, 0, n);
        System.arraycopy(earlier.records, 0, records, 0, n);
        size += n;
    }

    /** Lets go of the first {@code n} changes. */
    void removeFirst(int n) {
        System.arraycopy(seq, n, seq, 0, size - n);
        System.arraycopy(atMs, n, atMs, 0, size - n);
        System.arraycopy(ids, n, ids, 0, size - n);
        System.arraycopy(records, n, records, 0, size - n);
        truncate(size - n);
    }

    /** Lets go of the changes from {@code n} on. */
    void truncate(int n) {
        Arrays.fill(ids, n, size, null);
        Arrays.fill(records, n, size, null);
        size = n;
    }

    void clear() {
        truncate(0);
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return i;
    }

    private void room(int needed) {
        if (needed > seq.length) {
            int capacity = Math.max(needed, seq.length * 2);
            seq = Arrays.copyOf(seq, capacity);
            atMs = Arrays.copyOf(atMs, capacity);
            ids = Arrays.copyOf(ids, capacity);
            records = Arrays.copyOf(records, capacity);
        }
    }
}
