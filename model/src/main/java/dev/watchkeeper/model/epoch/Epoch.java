package dev.watchkeeper.model.epoch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One epoch's processing status.
 *
 * @param epochId       the epoch number
 * @param releasedAt    {@code epochID:{e}:epochReleased} in UNIX seconds; null when missing/unreadable
 * @param states        state ID → updates of every project in that state (unknown state IDs included);
 *                      batch-build entries are not projects and are not in here
 * @param batchBuilds   entries a failed bulk-mode build writes under {@code {task_type}:{namespace}}
 *                      instead of a project ID (see {@link ProjectIds#isBatchBuild}): a whole task type
 *                      failed to build in this epoch
 */
public record Epoch(long epochId, Long releasedAt, Map<String, List<StateUpdate>> states, List<StateUpdate> batchBuilds) {

    public Epoch {
        states = Map.copyOf(states);
        batchBuilds = List.copyOf(batchBuilds);
    }

    /** Sorts the batch-build entries found in {@code states} out of the projects. */
    public Epoch(long epochId, Long releasedAt, Map<String, List<StateUpdate>> states) {
        this(epochId, releasedAt, projectsOnly(states), batchBuildsIn(states));
    }

    /** Failed batch builds: task types whose whole build failed in this epoch. */
    public List<StateUpdate> failedBatchBuilds() {
        return batchBuilds.stream().filter(StateUpdate::failed).toList();
    }

    /** This epoch's state IDs in processing order, unknown ones placed by their timestamps. */
    public List<String> orderedStateIds() {
        return StateOrder.of(List.of(this)).sort(states.keySet());
    }

    private static Map<String, List<StateUpdate>> projectsOnly(Map<String, List<StateUpdate>> states) {
        Map<String, List<StateUpdate>> out = new HashMap<>(states.size() * 2);
        states.forEach((stateId, updates) -> {
            boolean any = false;
            for (StateUpdate u : updates) {
                if (ProjectIds.isBatchBuild(stateId, u.projectId())) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                out.put(stateId, updates);
                return;
            }
            List<StateUpdate> projects = new ArrayList<>(updates.size());
            for (StateUpdate u : updates) {
                if (!ProjectIds.isBatchBuild(stateId, u.projectId())) {
                    projects.add(u);
                }
            }
            if (!projects.isEmpty()) {
                out.put(stateId, projects);
            }
        });
        return out;
    }

    private static List<StateUpdate> batchBuildsIn(Map<String, List<StateUpdate>> states) {
        List<StateUpdate> out = new ArrayList<>(0);
        states.forEach((stateId, updates) -> {
            for (StateUpdate u : updates) {
                if (ProjectIds.isBatchBuild(stateId, u.projectId())) {
                    out.add(u);
                }
            }
        });
        out.sort(java.util.Comparator.comparing(StateUpdate::projectId));
        return out;
    }
}
