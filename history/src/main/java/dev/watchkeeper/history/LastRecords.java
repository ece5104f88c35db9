package dev.watchkeeper.history;

import java.util.Arrays;

/**
 * The record read last of each indexer, by its stored id: what the next change read of it shares
 * its unchanged values with ({@link RecordColumns#read}). An array slot, not a fleet map's lookup:
 * hashing thousands of names per scrub step cost more than the objects it saved.
 */
final class LastRecords {

    private IndexerRecord[] byId = new IndexerRecord[0];

    /** The last record put for {@code id}, null when none. */
    IndexerRecord get(long id) {
        return id >= 0 && id < byId.length ? byId[(int) id] : null;
    }

    /** Remembers {@code r} (null: the indexer left) for {@code id}; ids beyond a dense range are not kept. */
    void put(long id, IndexerRecord r) {
        if (id < 0 || id >= HistoryStore.DENSE_NAMES) {
            return;
        }
        if (id >= byId.length) {
            if (r == null) {
                return;
            }
            byId = Arrays.copyOf(byId, (int) Math.min(HistoryStore.DENSE_NAMES, Math.max(id + 1, 2L * byId.length)));
        }
        byId[(int) id] = r;
    }
}
