package dev.watchkeeper.history;

import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamStatus;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The fleet as the listener events describe it, one {@link IndexerRecord} per indexer. Each apply
 * returns the records that changed (an indexer that left the fleet comes back with
 * {@link IndexerRecord#present()} false). Not thread-safe: the recorder calls it under its lock.
 */
public final class FleetView {

    private final Map<IndexerId, IndexerRecord> records = new HashMap<>();

    /** Starts from a known fleet (the store's latest state when a recorder restarts). */
    public void load(Collection<IndexerRecord> all) {
        records.clear();
        all.forEach(r -> records.put(r.id(), r));
    }

    public Map<IndexerId, IndexerRecord> snapshot() {
        return Map.copyOf(records);
    }

    public int size() {
        return records.size();
    }

    public IndexerRecord get(IndexerId id) {
        return records.get(id);
    }

    /** A full batch is the whole fleet in Redis: any other indexer's state is gone. */
    public List<IndexerRecord> apply(StateBatch b) {
        List<IndexerRecord> changed = new ArrayList<>();
        Set<IndexerId> seen = new HashSet<>();
        for (IndexerState s : b.upserts()) {
            seen.add(s.id());
            update(s.id(), r -> r.withState(s), changed);
        }
        for (IndexerId id : b.removed()) {
            update(id, r -> r.withState(null), changed);
        }
        if (b.fullSnapshot()) {
            for (IndexerId id : List.copyOf(records.keySet())) {
                if (!seen.contains(id)) {
                    update(id, r -> r.withState(null), changed);
                }
            }
        }
        return changed;
    }

    /** A full listing from the block streamer (or runner) means an indexer absent from it has no stream (executor). */
    public List<IndexerRecord> apply(HealthBatch b) {
        List<IndexerRecord> changed = new ArrayList<>();
        Set<IndexerId> seen = new HashSet<>();
        for (StreamStatus s : b.streams()) {
            seen.add(s.id());
            update(s.id(), r -> r.withStream(s.health(), s.updatedAtSecs()), changed);
        }
        for (ExecutorStatus e : b.executors()) {
            seen.add(e.id());
            update(e.id(), r -> r.withExecutor(e.health()), changed);
        }
        if (b.full()) {
            for (IndexerId id : List.copyOf(records.keySet())) {
                if (!seen.contains(id)) {
                    if (b.source() == Source.BLOCK_STREAMER) {
                        update(id, r -> r.withStream(null, null), changed);
                    } else if (b.source() == Source.RUNNER) {
                        update(id, r -> r.withExecutor(null), changed);
                    }
                }
            }
        }
        return changed;
    }

    public List<IndexerRecord> apply(ProgressBatch b) {
        List<IndexerRecord> changed = new ArrayList<>();
        for (Progress p : b.items()) {
            update(p.id(), r -> r.withProgress(p), changed);
        }
        return changed;
    }

    private void update(IndexerId id, UnaryOperator<IndexerRecord> change, List<IndexerRecord> changed) {
        IndexerRecord before = records.get(id);
        IndexerRecord after = change.apply(before == null ? IndexerRecord.empty(id) : before);
        if (after.equals(before) || (before == null && !after.present())) {
            return;
        }
        if (after.present()) {
            records.put(id, after);
        } else {
            records.remove(id);
        }
        changed.add(after);
    }
}
