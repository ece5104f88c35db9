package dev.watchkeeper.model;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A batch of indexer state changes observed at one moment. When {@code fullSnapshot} is true the
 * batch is the whole fleet: anything not in it is gone (used after initial load and resyncs).
 */
public record StateBatch(List<IndexerState> upserts, Set<IndexerId> removed, boolean fullSnapshot, Instant observedAt) {

    public StateBatch {
        upserts = List.copyOf(upserts);
        removed = Set.copyOf(removed);
    }

    public static StateBatch full(List<IndexerState> all, Instant at) {
        return new StateBatch(all, Set.of(), true, at);
    }

    public static StateBatch changes(List<IndexerState> upserts, Set<IndexerId> removed, Instant at) {
        return new StateBatch(upserts, removed, false, at);
    }

    public boolean isEmpty() {
        return !fullSnapshot && upserts.isEmpty() && removed.isEmpty();
    }
}
