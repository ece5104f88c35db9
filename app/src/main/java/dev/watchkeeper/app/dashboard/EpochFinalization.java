package dev.watchkeeper.app.dashboard;

import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How far the newest epoch got: projects with a successful SNAPSHOT_FINALIZE out of every project
 * seen in that epoch (PRELOAD entries name project types, not projects, so they do not count).
 */
public record EpochFinalization(long epochId, int finalized, int projects) {

    /**
     * The newest epoch any project has been processed in (a just-released epoch has none yet, and
     * "0 of 0" answers nothing); the newest epoch when none has.
     */
    public static EpochFinalization newestProcessed(EpochWindow window) {
        if (window == null || window.epochs().isEmpty()) {
            return null;
        }
        // newest first, stopping at the first processed one: each look walks an epoch's every update
        List<Epoch> newestFirst = new ArrayList<>(window.epochs());
        newestFirst.sort(Comparator.comparingLong(Epoch::epochId).reversed());
        for (Epoch e : newestFirst) {
            EpochFinalization f = of(e);
            if (f.projects() > 0) {
                return f;
            }
        }
        return of(newestFirst.getFirst());
    }

    public static EpochFinalization of(EpochWindow window) {
        if (window == null || window.epochs().isEmpty()) {
            return null;
        }
        Epoch newest = window.epochs().getFirst();
        for (Epoch e : window.epochs()) {
            if (e.epochId() > newest.epochId()) {
                newest = e;
            }
        }
        return of(newest);
    }

    /** How far {@code epoch} got. */
    public static EpochFinalization of(Epoch epoch) {
        Set<String> projects = new HashSet<>();
        int finalized = 0;
        for (Map.Entry<String, List<StateUpdate>> e : epoch.states().entrySet()) {
            if (EpochStates.PRELOAD.equals(e.getKey()) || EpochStates.EPOCH_RELEASED.equals(e.getKey())) {
                continue;
            }
            for (StateUpdate u : e.getValue()) {
                projects.add(u.projectId());
                if (EpochStates.SNAPSHOT_FINALIZE.equals(e.getKey()) && u.status() == StateUpdate.Status.SUCCESS) {
                    finalized++;
                }
            }
        }
        return new EpochFinalization(epoch.epochId(), finalized, projects.size());
    }

    /** 0..100; 0 when no project has been seen yet. */
    public double percent() {
        return projects == 0 ? 0 : 100.0 * finalized / projects;
    }
}
