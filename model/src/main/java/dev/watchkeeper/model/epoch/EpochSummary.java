package dev.watchkeeper.model.epoch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One epoch at a glance: how many projects reached each state, how many failed, and the slowest
 * step.
 *
 * @param projects       distinct project IDs seen in the epoch (PRELOAD keys are project types and not counted)
 * @param reached        state ID → entries in that state (any status), in processing order (see {@link StateOrder})
 * @param failedByState  state ID → failed entries
 * @param failedProjects projects with at least one failed entry
 * @param slowest        the longest step computed from consecutive state timestamps; null without two timestamps
 * @param batchBuildFailures failed bulk-mode builds of whole task types ({@link Epoch#failedBatchBuilds()}),
 *                       not counted as projects nor in {@code failedByState}
 */
public record EpochSummary(long epochId, Long releasedAt, int projects, Map<String, Integer> reached,
                           Map<String, Integer> failedByState, int failedProjects, StepDuration slowest,
                           List<StateUpdate> batchBuildFailures) {

    public EpochSummary {
        reached = Collections.unmodifiableMap(new LinkedHashMap<>(reached));
        failedByState = Collections.unmodifiableMap(new LinkedHashMap<>(failedByState));
        batchBuildFailures = List.copyOf(batchBuildFailures);
    }

    public int reached(String stateId) {
        return reached.getOrDefault(stateId, 0);
    }

    public int failed(String stateId) {
        return failedByState.getOrDefault(stateId, 0);
    }

    public int totalFailed() {
        return failedByState.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** An epoch on its own: unknown states placed by this epoch's timestamps. */
    public static EpochSummary of(Epoch epoch) {
        return of(epoch, StateOrder.of(List.of(epoch)));
    }

    /** An epoch with the state order of its window ({@link StateOrder}). */
    public static EpochSummary of(Epoch epoch, StateOrder order) {
        List<String> stateIds = order.sort(epoch.states().keySet());
        Map<String, Integer> reached = new LinkedHashMap<>();
        Map<String, Integer> failed = new LinkedHashMap<>();
        Map<String, List<StateUpdate>> byProject = new HashMap<>();
        java.util.Set<String> failedProjects = new java.util.HashSet<>();
        boolean keyed = true;
        if (epoch.releasedAt() != null) {
            reached.put(EpochStates.EPOCH_RELEASED, 1);
        }
        for (String stateId : stateIds) {
            if (EpochStates.EPOCH_RELEASED.equals(stateId)) {
                continue;
            }
            int n = 0;
            int f = 0;
            for (StateUpdate u : epoch.states().get(stateId)) {
                n++;
                if (u.failed()) {
                    f++;
                }
                if (!EpochStates.PRELOAD.equals(stateId)) {
                    keyed &= stateId.equals(u.stateId());
                    byProject.computeIfAbsent(u.projectId(), k -> new ArrayList<>()).add(u);
                    if (u.failed()) {
                        failedProjects.add(u.projectId());
                    }
                }
            }
            reached.put(stateId, n);
            if (f > 0) {
                failed.put(stateId, f);
            }
        }
        StepDuration slowest = null;
        for (Map.Entry<String, List<StateUpdate>> e : byProject.entrySet()) {
            // each list was built state by state in processing order: when every update is under its
            // own state ID, already as slowestStep sorts it (sorting them was most of a summary)
            StepDuration s = keyed ? slowestInOrder(e.getKey(), epoch.releasedAt(), e.getValue())
                    : slowestStep(e.getKey(), epoch.releasedAt(), e.getValue(), order.comparator());
            if (s != null && (slowest == null || s.seconds() > slowest.seconds())) {
                slowest = s;
            }
        }
        return new EpochSummary(epoch.epochId(), epoch.releasedAt(), byProject.size(), reached, failed,
                failedProjects.size(), slowest, epoch.failedBatchBuilds());
    }

    /** The longest gap between consecutive timestamped states of one project, in processing order. */
    static StepDuration slowestStep(String projectId, Long releasedAt, List<StateUpdate> updates, Comparator<String> order) {
        List<StateUpdate> sorted = new ArrayList<>(updates);
        sorted.sort(Comparator.comparing(StateUpdate::stateId, order));
        return slowestInOrder(projectId, releasedAt, sorted);
    }

    /** As {@link #slowestStep}, of updates already in processing order. */
    private static StepDuration slowestInOrder(String projectId, Long releasedAt, List<StateUpdate> sorted) {
        String prevState = releasedAt == null ? null : EpochStates.EPOCH_RELEASED;
        Long prevTime = releasedAt;
        StepDuration slowest = null;
        for (StateUpdate u : sorted) {
            if (u.timestamp() == null) {
                continue;
            }
            if (prevTime != null) {
                long d = u.timestamp() - prevTime;
                if (slowest == null || d > slowest.seconds()) {
                    slowest = new StepDuration(projectId, prevState, u.stateId(), d);
                }
            }
            prevState = u.stateId();
            prevTime = u.timestamp();
        }
        return slowest;
    }
}
