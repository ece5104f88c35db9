package dev.watchkeeper.app.support;

import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Epoch windows shaped like the pooler's: N epochs × P projects × the six states, a few failures. */
public final class EpochFixtures {

    public static final String[] STEPS = {EpochStates.PRELOAD, EpochStates.SNAPSHOT_BUILD,
            EpochStates.SNAPSHOT_SUBMIT_PAYLOAD_COMMIT, EpochStates.RELAYER_SEND, EpochStates.SNAPSHOT_FINALIZE};

    private EpochFixtures() {
    }

    public static String project(int i) {
        return i % 10 == 0
                ? "indexer_blocks:acc" + i + ".near/feed_" + i + ":QUERYAPI"
                : String.format("pairContract_pair_total_reserves:0x%040x:UNISWAPV2", (long) i * 7919);
    }

    public static StateUpdate update(String project, String state, long ts, boolean failed, String error, String cid) {
        String raw = "{\"status\": \"" + (failed ? "failed" : "success") + "\", \"error\": "
                + (error == null ? "null" : "\"" + error + "\"") + ", \"extra\": "
                + (cid == null ? "null" : "{\"snapshot_cid\": \"" + cid + "\"}") + ", \"timestamp\": " + ts + "}";
        return new StateUpdate(project, state, failed ? StateUpdate.Status.FAILED : StateUpdate.Status.SUCCESS,
                error, ts, cid, raw, null);
    }

    /**
     * {@code epochs} epochs from {@code firstEpoch}, 30 s apart, each project going through every
     * step a few seconds apart; project {@code failingProject} fails RELAYER_SEND in the last epoch.
     */
    public static EpochWindow window(long firstEpoch, int epochs, int projects, int failingProject, long startSecs) {
        return window(firstEpoch, epochs, projects, failingProject, startSecs, STEPS);
    }

    /** As above with the given steps (e.g. one more, unknown, state to reach six per project). */
    public static EpochWindow window(long firstEpoch, int epochs, int projects, int failingProject, long startSecs, String[] steps) {
        Random random = new Random(firstEpoch);
        List<Epoch> list = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            long epochId = firstEpoch + e;
            long released = startSecs + e * 30L;
            Map<String, List<StateUpdate>> states = new HashMap<>();
            for (String s : steps) {
                states.put(s, new ArrayList<>(projects));
            }
            for (int p = 0; p < projects; p++) {
                String id = project(p);
                long t = released;
                boolean failedHere = p == failingProject && e == epochs - 1;
                for (String s : steps) {
                    t += 1 + random.nextInt(4);
                    boolean fail = failedHere && s.equals(EpochStates.RELAYER_SEND);
                    String cid = s.equals(EpochStates.SNAPSHOT_FINALIZE) ? "bafkreih" + Long.toHexString(epochId * 100_003L + p) : null;
                    states.get(s).add(update(id, s, t, fail, fail ? "relayer rejected payload: nonce too low" : null, cid));
                    if (fail) {
                        break;
                    }
                }
            }
            list.add(new Epoch(epochId, released, states));
        }
        return new EpochWindow("UNISWAPV2", list, true, startSecs + (epochs - 1) * 30L, Instant.ofEpochSecond(startSecs + epochs * 30L));
    }

    /** Adds an unknown state ID to the newest epoch of a window. */
    public static EpochWindow withUnknownState(EpochWindow w, String stateId, String project, long ts) {
        List<Epoch> epochs = new ArrayList<>(w.epochs());
        Epoch last = epochs.removeLast();
        Map<String, List<StateUpdate>> states = new HashMap<>(last.states());
        states.put(stateId, List.of(update(project, stateId, ts, false, null, null)));
        epochs.add(new Epoch(last.epochId(), last.releasedAt(), states, last.batchBuilds()));
        return new EpochWindow(w.namespace(), epochs, w.active(), w.lastEpochDetectedAt(), w.observedAt());
    }

    /**
     * Adds a failed bulk-mode build to the newest epoch of a window, as the pooler writes it: a
     * SNAPSHOT_BUILD field {@code {task_type}:{namespace}} (snapshot_worker.py _process_bulk_mode).
     */
    public static EpochWindow withFailedBatchBuild(EpochWindow w, String taskType, String error, long ts) {
        List<Epoch> epochs = new ArrayList<>(w.epochs());
        Epoch last = epochs.removeLast();
        Map<String, List<StateUpdate>> states = new HashMap<>(last.states());
        List<StateUpdate> build = new ArrayList<>(states.getOrDefault(EpochStates.SNAPSHOT_BUILD, List.of()));
        build.add(update(taskType + ":" + w.namespace(), EpochStates.SNAPSHOT_BUILD, ts, true, error, null));
        states.put(EpochStates.SNAPSHOT_BUILD, build);
        epochs.add(new Epoch(last.epochId(), last.releasedAt(), states));
        return new EpochWindow(w.namespace(), epochs, w.active(), w.lastEpochDetectedAt(), w.observedAt());
    }
}
