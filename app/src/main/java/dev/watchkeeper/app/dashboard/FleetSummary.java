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
        // counted in int arrays: merging boxed counts allocated an Integer per row and kind, several
        // times a second over 10,000 rows, garbage that made the collector pause periodically
        int[] life = new int[LifecycleState.values().length];
        int[] streams = new int[StreamHealth.values().length];
        int[] execs = new int[ExecutorHealth.values().length];
        for (IndexerRow r : rows) {
            life[r.state().lifecycle().ordinal()]++;
            streams[r.streamHealth().ordinal()]++;
            execs[r.executorHealth().ordinal()]++;
        }
        return new FleetSummary(rows.size(), counts(LifecycleState.class, life), counts(StreamHealth.class, streams),
                counts(ExecutorHealth.class, execs));
    }

    private static <E extends Enum<E>> Map<E, Integer> counts(Class<E> type, int[] counts) {
        Map<E, Integer> out = new EnumMap<>(type);
        E[] values = type.getEnumConstants();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.put(values[i], counts[i]);
            }
        }
        return out;
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
