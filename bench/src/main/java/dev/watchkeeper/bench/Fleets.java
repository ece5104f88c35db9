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
     * Where the benchmark's registry versions start: a NEAR mainnet block height of late 2026.
     * Upstream's {@code block_stream_synced_at} is the registry version, the block height of the
     * indexer's last config update ({@code coordinator/src/indexer_state.rs} at 7d9546d).
     */
    public static final long REGISTRY_BASE = 170_000_000L;

    /**
     * The registry version a change written at {@code writtenNanos} carries: a block height,
     * {@link #REGISTRY_BASE} plus the microseconds since {@code originNanos} (the harness's start,
     * shared with the writer). It stays a plausible height whatever the machine's uptime (a raw
     * {@code System.nanoTime()} in µs passes the parser's 10^12 limit after 11.6 days up) and still
     * tells the console side when the change was written (one monotonic clock per machine on Linux).
     */
    public static long registryVersion(long writtenNanos, long originNanos) {
        return REGISTRY_BASE + Math.max(0, writtenNanos - originNanos) / 1000;
    }

    /** The {@code System.nanoTime()} at which a change carrying {@code registryVersion} was written. */
    public static long writtenNanos(long registryVersion, long originNanos) {
        return originNanos + (registryVersion - REGISTRY_BASE) * 1000;
    }

    /** Upstream's state JSON, with {@code blockStreamSyncedAt} as the registry version. */
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
