package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.model.epoch.EpochStates;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pooler snapshotter's writes for the production workload (control-plane spec §5; PowerLoom
 * pooler at 8e0cc0c: snapshotter/processor_distributor.py SETs {@code epochID:{e}:epochReleased}
 * to the time and deletes epoch e−30's keys, snapshotter/system_event_detector.py SETs
 * {@code lastEpochDetectedTimestamp:{namespace}}; workers HSET one field per project as each
 * project finishes a state). Before
 * the console opens, 29 finished epochs are written whole, as a console opening on a running pooler
 * finds them (its first read of them is the epoch benchmark's, not the churn's); then, while
 * churning, an epoch is released every {@link #EPOCH_SECONDS} and its five states' HSETs are
 * spread evenly over it, project by project.
 *
 * <p>Faster than the pooler's usual cadence (an epoch of 10 Ethereum blocks is about two minutes),
 * so that a 20-second measurement sees releases and every state being written: about 830 HSETs/s.
 */
final class PoolerWriter {

    static final String NAMESPACE = "UNISWAPV2";
    static final int PROJECTS = 2000;
    static final int EPOCH_SECONDS = 12;
    private static final List<String> STATES = EpochStates.ORDER.subList(1, EpochStates.ORDER.size());
    private static final int PER_EPOCH = STATES.size() * PROJECTS;

    private final RedisClusterAsyncCommands<String, String> a;
    /** The first epoch released while churning (the prefilled window ends just before it). */
    private final long first;
    private long written;

    PoolerWriter(RedisClusterAsyncCommands<String, String> a, long first) {
        this.a = a;
        this.first = first;
    }

    /** An epoch number from the clock, so that consecutive runs against one Redis keep rising. */
    static long firstEpochNow() {
        return System.currentTimeMillis() / 1000 / EPOCH_SECONDS;
    }

    /** The window a running pooler leaves behind: epochs first-29 .. first-1, every state done. */
    void prefill(List<RedisFuture<?>> pending) {
        for (long e = first - 29; e < first; e++) {
            release(e, pending);
            for (String state : STATES) {
                Map<String, String> fields = new HashMap<>();
                for (int p = 0; p < PROJECTS; p++) {
                    fields.put(project(p), update(e, state, p));
                }
                pending.add(a.hset(key(e, state), fields));
            }
        }
    }

    /** Writes what is due {@code elapsedNanos} after churn started. */
    void advance(long elapsedNanos, List<RedisFuture<?>> pending) {
        long due = (long) (elapsedNanos / 1e9 / EPOCH_SECONDS * PER_EPOCH);
        for (; written < due; written++) {
            long e = first + written / PER_EPOCH;
            int inEpoch = (int) (written % PER_EPOCH);
            if (inEpoch == 0) {
                release(e, pending);
            }
            String state = STATES.get(inEpoch / PROJECTS);
            int p = inEpoch % PROJECTS;
            pending.add(a.hset(key(e, state), project(p), update(e, state, p)));
        }
    }

    long hsets() {
        return written;
    }

    private void release(long e, List<RedisFuture<?>> pending) {
        String now = Long.toString(System.currentTimeMillis() / 1000);
        pending.add(a.set("epochID:" + e + ":epochReleased", now));
        pending.add(a.set("lastEpochDetectedTimestamp:" + NAMESPACE, now));
        long gone = e - 30;
        pending.add(a.del("epochID:" + gone + ":epochReleased"));
        for (String state : STATES) {
            pending.add(a.del(key(gone, state)));
        }
    }

    private static String key(long epoch, String state) {
        return "epochID:" + epoch + ":stateID:" + state + ":processingStatus";
    }

    private static String project(int p) {
        return "pairContract_pair_total_reserves:0x" + Long.toHexString(0xb4e1_0000_0000L + p) + ":" + NAMESPACE;
    }

    /** One project's state update as the pooler's workers write it; about one in a hundred fails. */
    private static String update(long epoch, String state, int p) {
        boolean failed = (p + epoch) % 97 == 0;
        String extra = state.equals(EpochStates.SNAPSHOT_FINALIZE) && !failed ? "{\"snapshot_cid\": \"bafkrei" + epoch + "x" + p + "\"}" : "null";
        return "{\"status\": \"" + (failed ? "failed" : "success") + "\", \"error\": " + (failed ? "\"timeout\"" : "null")
                + ", \"extra\": " + extra + ", \"timestamp\": " + System.currentTimeMillis() / 1000 + "}";
    }
}
