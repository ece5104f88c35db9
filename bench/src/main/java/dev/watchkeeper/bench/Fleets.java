package dev.watchkeeper.bench;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.watchkeeper.model.IndexerId;

import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark fleet: indexer names that sort in index order (so the first rows of a table sorted
 * by account are known in advance) and state JSON in the coordinator's exact shape and field order.
 */
public final class Fleets {

    private Fleets() {
    }

    public static IndexerId id(int i) {
        return new IndexerId(String.format("acct%06d.near", i), "indexer_" + (i % 7) + ".v" + (i % 3));
    }

    public static List<IndexerId> ids(int n) {
        List<IndexerId> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(id(i));
        }
        return out;
    }

    /**
     * Upstream's state JSON. {@code blockStreamSyncedAt} carries the writer's {@code System.nanoTime()}
     * in microseconds in the benchmark, so the console side can tell when each change was written (same machine,
     * same monotonic clock across processes on Linux).
     */
    public static String stateJson(IndexerId id, long blockStreamSyncedAt, boolean enabled, String lifecycle) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"account_id\":\"");
        JsonStringEncoder.getInstance().quoteAsString(id.accountId(), sb);
        sb.append("\",\"function_name\":\"");
        JsonStringEncoder.getInstance().quoteAsString(id.functionName(), sb);
        sb.append("\",\"block_stream_synced_at\":").append(blockStreamSyncedAt);
        sb.append(",\"enabled\":").append(enabled);
        sb.append(",\"lifecycle_state\":\"").append(lifecycle).append("\"}");
        return sb.toString();
    }
}
