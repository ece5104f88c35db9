package dev.watchkeeper.model.epoch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The processing order of the state IDs seen in some epochs. Known states keep upstream's order
 * ({@link EpochStates#ORDER}); a state ID this console does not know is placed by its timestamps,
 * before the first known state that typically happens later. Older pooler builds wrote
 * {@code SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT} between the payload commit and SNAPSHOT_FINALIZE
 * (PowerLoom/pooler 00d58b2 to 4a9daaa, snapshotter/processor_distributor.py on SnapshotSubmitted; removed in 2b1dbd5), so
 * "unknown means last" would draw it after the finalization it preceded. "Typically" is the median
 * of the updates' offsets from their epoch's start, so a few late or early updates cannot move a
 * state. Unknown states without any timestamp go last, by name.
 */
public final class StateOrder {

    private final Map<String, Integer> position;

    private StateOrder(Map<String, Integer> position) {
        this.position = position;
    }

    /** The order of every state ID in {@code epochs}, from their timestamps. */
    public static StateOrder of(Collection<Epoch> epochs) {
        Map<String, long[]> offsets = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Epoch e : epochs) {
            Long start = e.releasedAt() != null ? e.releasedAt() : earliest(e);
            for (Map.Entry<String, List<StateUpdate>> s : e.states().entrySet()) {
                long[] a = offsets.computeIfAbsent(s.getKey(), k -> new long[8]);
                int n = counts.getOrDefault(s.getKey(), 0);
                for (StateUpdate u : s.getValue()) {
                    if (u.timestamp() == null || start == null) {
                        continue;
                    }
                    if (n == a.length) {
                        a = Arrays.copyOf(a, a.length * 2);
                        offsets.put(s.getKey(), a);
                    }
                    a[n++] = u.timestamp() - start;
                }
                counts.put(s.getKey(), n);
            }
        }
        Map<String, Long> median = new HashMap<>();
        offsets.forEach((state, a) -> {
            int n = counts.getOrDefault(state, 0);
            if (n > 0) {
                long[] sorted = Arrays.copyOf(a, n);
                Arrays.sort(sorted);
                median.put(state, sorted[(n - 1) / 2]);
            }
        });
        if (!median.containsKey(EpochStates.EPOCH_RELEASED)) {
            median.put(EpochStates.EPOCH_RELEASED, 0L);
        }
        return new StateOrder(positions(offsets.keySet(), median));
    }

    private static Long earliest(Epoch e) {
        Long min = null;
        for (List<StateUpdate> updates : e.states().values()) {
            for (StateUpdate u : updates) {
                if (u.timestamp() != null && (min == null || u.timestamp() < min)) {
                    min = u.timestamp();
                }
            }
        }
        return min;
    }

    /**
     * Known states in their order, each unknown one inserted before the first known state from
     * which on every known state typically happens later (the suffix minimum of their medians, so
     * one known state with a few slow entries cannot pull an unknown state in front of it).
     */
    static Map<String, Integer> positions(Collection<String> seen, Map<String, Long> median) {
        List<String> unknown = seen.stream().filter(s -> !EpochStates.isKnown(s)).sorted(
                Comparator.comparing((String s) -> median.getOrDefault(s, Long.MAX_VALUE)).thenComparing(Comparator.naturalOrder())).toList();
        List<String> known = EpochStates.ORDER;
        long[] laterFrom = new long[known.size() + 1];
        laterFrom[known.size()] = Long.MAX_VALUE;
        for (int i = known.size() - 1; i >= 0; i--) {
            laterFrom[i] = Math.min(laterFrom[i + 1], median.getOrDefault(known.get(i), Long.MAX_VALUE));
        }
        List<String> order = new ArrayList<>();
        int u = 0;
        for (int i = 0; i < known.size(); i++) {
            while (u < unknown.size() && median.containsKey(unknown.get(u)) && median.get(unknown.get(u)) < laterFrom[i]) {
                order.add(unknown.get(u++));
            }
            order.add(known.get(i));
        }
        while (u < unknown.size()) {
            order.add(unknown.get(u++));
        }
        Map<String, Integer> pos = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            pos.put(order.get(i), i);
        }
        return pos;
    }

    /** Orders state IDs: by position, IDs never seen last by name. */
    public Comparator<String> comparator() {
        return Comparator.comparingInt((String s) -> position.getOrDefault(s, Integer.MAX_VALUE)).thenComparing(Comparator.naturalOrder());
    }

    public List<String> sort(Collection<String> stateIds) {
        Set<String> unique = new LinkedHashSet<>(stateIds);
        List<String> out = new ArrayList<>(unique);
        out.sort(comparator());
        return out;
    }
}
