package dev.watchkeeper.app.history;

import dev.watchkeeper.history.HistoryEvent;
import dev.watchkeeper.history.IndexerRecord;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A recorded run of 40 indexers ("ops.near/f0".."f39") for the history reader's tests: a change every 0.5 s from {@link #T0}. */
final class OpsFleetRun {

    static final long T0 = Instant.parse("2026-11-30T00:00:00Z").toEpochMilli();
    private static final LifecycleState[] STATES = {LifecycleState.RUNNING, LifecycleState.SUSPENDED, LifecycleState.REPAIRING};

    private OpsFleetRun() {
    }

    /**
     * All running at {@link #T0} (a keyframe), then {@code changes} changes, a third of them lifecycle
     * changes, a keyframe every {@code keyframeEvery}. With {@code quietTen}, f0..f9 get a tenth of
     * the changes and change lifecycle about once an hour and a half.
     */
    static List<HistoryEvent> run(long seed, int changes, int keyframeEvery, boolean quietTen) {
        Random r = new Random(seed);
        Map<IndexerId, IndexerRecord> live = new HashMap<>();
        List<HistoryEvent> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            IndexerId id = new IndexerId("ops.near", "f" + i);
            IndexerRecord rec = IndexerRecord.empty(id).withState(IndexerState.of(id, LifecycleState.RUNNING, true));
            live.put(id, rec);
            out.add(new HistoryEvent.IndexerChange(T0, rec));
        }
        out.add(new HistoryEvent.Keyframe(T0, live.values()));
        for (int n = 1; n <= changes; n++) {
            long at = T0 + n * 500L;
            boolean quiet = quietTen && r.nextInt(10) == 0;
            IndexerId id = new IndexerId("ops.near", "f" + (!quietTen ? r.nextInt(40) : quiet ? r.nextInt(10) : 10 + r.nextInt(30)));
            IndexerRecord before = live.get(id);
            IndexerRecord after = (quiet ? r.nextInt(500) == 0 : r.nextInt(3) == 0)
                    ? before.withState(IndexerState.of(id, STATES[r.nextInt(STATES.length)], true))
                    : before.withProgress(new Progress(id, (long) n, 0L, null));
            live.put(id, after);
            out.add(new HistoryEvent.IndexerChange(at, after));
            if (n % keyframeEvery == 0) {
                out.add(new HistoryEvent.Keyframe(at, live.values()));
            }
        }
        return out;
    }
}
