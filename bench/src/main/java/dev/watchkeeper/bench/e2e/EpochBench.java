package dev.watchkeeper.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.watchkeeper.model.epoch.EpochStates;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pooler's epoch status at the scale: 30 epochs × 2,000 projects × 5 processing states
 * (plus EPOCH_RELEASED), written in the snapshotter's key format, then read back the way a reader
 * must: every processingStatus hash of every epoch, pipelined, and every value parsed.
 */
final class EpochBench {

    static final int EPOCHS = 30;
    static final int PROJECTS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private EpochBench() {
    }

    /** Writes the epochs, times the read, and returns result lines for the report. */
    static List<String> run(String redisUri) throws Exception {
        RedisClient client = RedisClient.create(redisUri);
        List<String> lines = new ArrayList<>();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            long first = 20_000_000L;
            write(c.async(), first);
            long heapBefore = EndToEndBench.heapAfterGc();
            long best = Long.MAX_VALUE;
            Object keep = null;
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                keep = read(c.async(), first);
                best = Math.min(best, System.nanoTime() - t0);
            }
            long heap = EndToEndBench.heapAfterGc() - heapBefore;
            lines.add(String.format(Locale.ROOT,
                    "| read + parse all %d epochs × %d projects × %d states (pipelined HGETALL, Jackson per value) | %.0f ms | heap held %d MB |",
                    EPOCHS, PROJECTS, EpochStates.ORDER.size(), best / 1e6, heap >> 20));
            System.out.println(lines.getLast() + " " + (keep != null));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        return lines;
    }

    static void write(RedisAsyncCommands<String, String> a, long first) {
        List<RedisFuture<?>> f = new ArrayList<>();
        long ts = 1_692_530_595L;
        for (long e = first; e < first + EPOCHS; e++) {
            f.add(a.set("epochID:" + e + ":epochReleased", Long.toString(ts + e)));
            for (String state : EpochStates.ORDER.subList(1, EpochStates.ORDER.size())) {
                Map<String, String> fields = new HashMap<>();
                for (int p = 0; p < PROJECTS; p++) {
                    String project = "pairContract_pair_total_reserves:0x" + Long.toHexString(0xb4e1_0000_0000L + p) + ":UNISWAPV2";
                    boolean failed = p % 97 == 0;
                    String extra = state.equals(EpochStates.SNAPSHOT_FINALIZE) ? "{\"snapshot_cid\": \"bafkrei" + p + "\"}" : "null";
                    fields.put(project, "{\"status\": \"" + (failed ? "failed" : "success") + "\", \"error\": "
                            + (failed ? "\"timeout\"" : "null") + ", \"extra\": " + extra + ", \"timestamp\": " + (ts + e + p % 30) + "}");
                }
                f.add(a.hset("epochID:" + e + ":stateID:" + state + ":processingStatus", fields));
            }
        }
        LettuceFutures.awaitAll(Duration.ofSeconds(60), f.toArray(RedisFuture[]::new));
    }

    static Object read(RedisAsyncCommands<String, String> a, long first) throws Exception {
        List<RedisFuture<Map<String, String>>> hashes = new ArrayList<>();
        List<RedisFuture<String>> released = new ArrayList<>();
        for (long e = first; e < first + EPOCHS; e++) {
            released.add(a.get("epochID:" + e + ":epochReleased"));
            for (String state : EpochStates.ORDER.subList(1, EpochStates.ORDER.size())) {
                hashes.add(a.hgetall("epochID:" + e + ":stateID:" + state + ":processingStatus"));
            }
        }
        List<Object> parsed = new ArrayList<>(EPOCHS * PROJECTS * 5);
        for (RedisFuture<Map<String, String>> h : hashes) {
            for (Map.Entry<String, String> kv : h.get().entrySet()) {
                parsed.add(JSON.readTree(kv.getValue()));
            }
        }
        for (RedisFuture<String> r : released) {
            parsed.add(r.get());
        }
        return parsed;
    }
}
