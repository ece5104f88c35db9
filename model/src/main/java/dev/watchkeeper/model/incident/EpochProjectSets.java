package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.StateUpdate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per epoch, the projects each of its states names and the failures that decide their project's
 * state in it (the first update of that project in that state), built once per {@link Epoch} value:
 * the epoch reader hands the same value while an epoch is unchanged, and the pooler-failure rules
 * look at the whole window (hundreds of thousands of updates) on every change of any epoch. A cached
 * entry is used only for the very value it was built from, so a changed epoch (a new value) is
 * indexed anew.
 */
final class EpochProjectSets {

    /** Enough for a few windows of 30 epochs (a console and its recorder, a profile switch). */
    private static final int KEPT = 128;

    /**
     * @param projects      state ID → the projects that state of the epoch has an update for
     * @param firstFailures the failed updates that are their project's first in their state, in
     *                      the epoch's order of states and updates
     */
    record Indexed(Epoch epoch, Map<String, Set<String>> projects, List<Failure> firstFailures) {
    }

    /** A failed update and how many updates its state has in the epoch. */
    record Failure(StateUpdate update, int updatesInState) {
    }

    private static final Map<Long, Indexed> CACHE = new LinkedHashMap<>(KEPT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Indexed> eldest) {
            return size() > KEPT;
        }
    };

    private EpochProjectSets() {
    }

    static Indexed of(Epoch e) {
        synchronized (CACHE) {
            Indexed cached = CACHE.get(e.epochId());
            if (cached != null && cached.epoch() == e) {
                return cached;
            }
        }
        Map<String, Set<String>> projects = new HashMap<>();
        List<Failure> firstFailures = new ArrayList<>();
        for (Map.Entry<String, List<StateUpdate>> s : e.states().entrySet()) {
            Set<String> names = new HashSet<>(s.getValue().size() * 2);
            for (StateUpdate u : s.getValue()) {
                if (names.add(u.projectId()) && u.failed()) {
                    firstFailures.add(new Failure(u, s.getValue().size()));
                }
            }
            projects.put(s.getKey(), names);
        }
        Indexed indexed = new Indexed(e, projects, List.copyOf(firstFailures));
        synchronized (CACHE) {
            CACHE.put(e.epochId(), indexed);
        }
        return indexed;
    }
}
