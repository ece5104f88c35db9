package dev.watchkeeper.model.incident;

import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.StateUpdate;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per epoch, the projects each of its states names, built once per {@link Epoch} value: the epoch
 * reader hands the same value while an epoch is unchanged, and the pooler-failure rules look at the
 * whole window (hundreds of thousands of updates) on every change of any epoch. A cached entry is
 * used only for the very value it was built from, so a changed epoch (a new value) is indexed anew.
 */
final class EpochProjectSets {

    /** Enough for a few windows of 30 epochs (a console and its recorder, a profile switch). */
    private static final int KEPT = 128;

    private record Indexed(Epoch epoch, Map<String, Set<String>> projects) {
    }

    private static final Map<Long, Indexed> CACHE = new LinkedHashMap<>(KEPT * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Indexed> eldest) {
            return size() > KEPT;
        }
    };

    private EpochProjectSets() {
    }

    /** State ID → the projects that state of {@code e} has an update for. */
    static Map<String, Set<String>> of(Epoch e) {
        synchronized (CACHE) {
            Indexed cached = CACHE.get(e.epochId());
            if (cached != null && cached.epoch() == e) {
                return cached.projects();
            }
        }
        Map<String, Set<String>> projects = new HashMap<>();
        for (Map.Entry<String, List<StateUpdate>> s : e.states().entrySet()) {
            Set<String> names = new HashSet<>(s.getValue().size() * 2);
            for (StateUpdate u : s.getValue()) {
                names.add(u.projectId());
            }
            projects.put(s.getKey(), names);
        }
        synchronized (CACHE) {
            CACHE.put(e.epochId(), new Indexed(e, projects));
        }
        return projects;
    }
}
