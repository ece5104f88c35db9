package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.StateBatch;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The latest observed state of every indexer, fed by a state reader's batches and read by
 * {@link CommandRunner} from any thread. Null means not (or no longer) observed.
 */
public final class ObservedStates implements Function<IndexerId, IndexerState>, ControlPlaneListener {

    private final Map<IndexerId, IndexerState> latest = new ConcurrentHashMap<>();

    @Override
    public IndexerState apply(IndexerId id) {
        return latest.get(id);
    }

    /** Every indexer observed now (a copy). */
    public Map<IndexerId, IndexerState> all() {
        return Map.copyOf(latest);
    }

    @Override
    public void onStates(StateBatch batch) {
        if (batch.fullSnapshot()) {
            Set<IndexerId> present = new HashSet<>();
            batch.upserts().forEach(s -> present.add(s.id()));
            latest.keySet().retainAll(present);
        }
        batch.removed().forEach(latest::remove);
        batch.upserts().forEach(s -> latest.put(s.id(), s));
    }
}
