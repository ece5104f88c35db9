package dev.watchkeeper.app.history;

import dev.watchkeeper.history.WindowQueries.Beginning;
import dev.watchkeeper.model.IndexerId;

import java.util.Arrays;
import java.util.List;

/**
 * Lifecycle beginnings, oldest first, held in columns: a span keeps every beginning of up to three
 * hours, and an object and an Instant per beginning were a good part of what a scrub step left for
 * the collector to copy.
 */
final class Beginnings {

    private long[] atMs = new long[16];
    private IndexerId[] ids = new IndexerId[16];
    private int size;

    int size() {
        return size;
    }

    long atMs(int i) {
        return atMs[check(i)];
    }

    IndexerId id(int i) {
        return ids[check(i)];
    }

    void add(long at, IndexerId id) {
        room(size + 1);
        atMs[size] = at;
        ids[size] = id;
        size++;
    }

    /** Adds {@code later} (oldest first, none before the last held) after these. */
    void addAll(List<Beginning> later) {
        room(size + later.size());
        for (Beginning b : later) {
            add(b.at().toEpochMilli(), b.id());
        }
    }

    /** Puts {@code earlier} (oldest first, none after the first held) before these. */
    void prepend(Beginnings earlier) {
        int n = earlier.size;
        room(size + n);
        System.arraycopy(atMs, 0, atMs, n, size);
        System.arraycopy(ids, 0, ids, n, size);
        System.arraycopy(earlier.atMs, 0, atMs, 0, n);
        System.arraycopy(earlier.ids, 0, ids, 0, n);
        size += n;
    }

    /** Lets go of the first {@code n}. */
    void removeFirst(int n) {
        System.arraycopy(atMs, n, atMs, 0, size - n);
        System.arraycopy(ids, n, ids, 0, size - n);
        Arrays.fill(ids, size - n, size, null);
        size -= n;
    }

    /** The index of the first beginning after {@code ms} ({@link #size} when none is). */
    int firstAfter(long ms) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (atMs[mid] > ms) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return i;
    }

    private void room(int needed) {
        if (needed > atMs.length) {
            int capacity = Math.max(needed, atMs.length * 2);
            atMs = Arrays.copyOf(atMs, capacity);
            ids = Arrays.copyOf(ids, capacity);
        }
    }
}
