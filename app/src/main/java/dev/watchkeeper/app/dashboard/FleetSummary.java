package dev.watchkeeper.app.dashboard;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.StreamHealth;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;

/** Counts of the fleet by lifecycle state, block-stream health and executor health. One pass over the rows. */
public record FleetSummary(int total, Map<LifecycleState, Integer> lifecycle, Map<StreamHealth, Integer> streams,
                           Map<ExecutorHealth, Integer> executors) {

    public static FleetSummary of(Collection<IndexerRow> rows) {
        Map<LifecycleState, Integer> life = new EnumMap<>(LifecycleState.class);
        Map<StreamHealth, Integer> streams = new EnumMap<>(StreamHealth.class);
        Map<ExecutorHealth, Integer> execs = new EnumMap<>(ExecutorHealth.class);
        for (IndexerRow r : rows) {
            life.merge(r.state().lifecycle(), 1, Integer::sum);
            streams.merge(r.streamHealth(), 1, Integer::sum);
            execs.merge(r.executorHealth(), 1, Integer::sum);
        }
        return new FleetSummary(rows.size(), life, streams, execs);
    }

    public int count(LifecycleState s) {
        return lifecycle.getOrDefault(s, 0);
    }

    public int count(StreamHealth s) {
        return streams.getOrDefault(s, 0);
    }

    public int count(ExecutorHealth s) {
        return executors.getOrDefault(s, 0);
    }
}
