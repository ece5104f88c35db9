package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.demo.redis.CommandStats;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.StateUpdate;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What following a real pooler costs Redis, counted by the server (INFO commandstats): the pooler
 * writes one HSET per project as each project finishes a state, thousands per state per epoch.
 */
class EpochReaderCostTest extends EpochReaderFixture {

    private static String project(int i) {
        return "pairContract_pair_total_reserves:0x" + String.format("%040x", i) + ":UNISWAPV2";
    }

    @Test
    void aBurstOfFiveThousandPerProjectWritesToOneHashCostsAFewReads() throws Exception {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "KEA"));
        for (long e = 1; e <= 3; e++) {
            release(redis, e);
        }
        follow(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> epoch(3) != null);
        Map<String, Long> before = CommandStats.calls(server.uri());
        long t0 = System.nanoTime();

        // as the snapshot worker does: one HSET per project as it finishes (snapshot_worker.py)
        RedisAsyncCommands<String, String> async = client.connect().async();
        List<RedisFuture<?>> writes = new ArrayList<>();
        for (int p = 0; p < 5_000; p++) {
            writes.add(async.hset("epochID:3:stateID:RELAYER_SEND:processingStatus", project(p), ok(T0 + 99)));
        }
        for (RedisFuture<?> f : writes) {
            f.get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> epoch(3).states().getOrDefault("RELAYER_SEND", List.of()).size() == 5_000);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> after = CommandStats.calls(server.uri());

        long hgetall = CommandStats.between(before, after, "hgetall");
        // one read when the first write is noticed, then at most one a second (COALESCE) while the burst lasts
        assertThat(hgetall).as("HGETALLs for 5,000 HSETs in %.1f s", seconds)
                .isBetween(1L, 2L + (long) Math.ceil(seconds / EpochReader.COALESCE.toSeconds()));
        // only the hash that changed was read: no GET of the released key, no other state hash
        assertThat(CommandStats.between(before, after, "get")).isZero();
        assertThat(CommandStats.readsBetween(before, after)).isLessThanOrEqualTo(hgetall + 1 + (long) Math.ceil(seconds));
    }

    @Test
    void pollingReadsNoHashWhileNothingChangesAndOnlyTheOneThatGrew() {
        RedisCommands<String, String> redis = startReleased(30);
        follow(Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null && shown.get().epochs().size() == 30);
        Map<String, Long> before = CommandStats.calls(server.uri());
        var seen = reader.status().lastConfirmed();
        // a dozen quiet rounds (one of them a full round of the whole window)
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.status().lastConfirmed().isAfter(seen.plusMillis(1_700)));
        Map<String, Long> quiet = CommandStats.calls(server.uri());
        assertThat(CommandStats.between(before, quiet, "hgetall")).as("hashes read whole: only the newest epochs' in the full round")
                .isLessThanOrEqualTo(2L * EpochReader.HOT * 4);
        assertThat(CommandStats.between(before, quiet, "mget")).isPositive();

        redis.hset("epochID:30:stateID:RELAYER_SEND:processingStatus", PAIR, ok(T0 + 905));
        await().atMost(Duration.ofSeconds(5)).until(() -> epoch(30).states().containsKey("RELAYER_SEND"));
        assertThat(epoch(30).states().get("SNAPSHOT_BUILD")).hasSize(2);
    }

    @Test
    void newEpochsAreFoundAfterAGapLongerThanTheProbes() {
        RedisCommands<String, String> redis = startReleased(3);
        follow(Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(10)).until(() -> epoch(3) != null);

        // the console was away while twenty epochs came (consecutive numbers, far past the probes)
        for (long e = 4; e <= 23; e++) {
            release(redis, e);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> epoch(23) != null);
        assertThat(shown.get().epochs()).hasSize(23);

        // the epoch numbers jumped (e.g. a new protocol state contract): the liveness key says an
        // epoch was detected well after the newest release, and a SCAN finds it at once
        release(redis, 500);
        redis.set("lastEpochDetectedTimestamp:" + NS, Long.toString(T0 + 500 * 30));
        await().atMost(Duration.ofSeconds(5)).until(() -> epoch(500) != null);
        assertThat(shown.get().epochs().getFirst().epochId()).isEqualTo(500);
    }

    @Test
    void aRedisWithNoEpochsYetIsWatchedUntilTheFirstOneComes() {
        RedisCommands<String, String> redis = start(List.of());
        follow(Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null);
        assertThat(shown.get().epochs()).isEmpty();
        release(redis, 77);
        // the first gap-triggered SCAN waits at most SCAN_AGAIN_AFTER doubled once or twice
        await().atMost(Duration.ofSeconds(45)).until(() -> epoch(77) != null);
    }

    @Test
    void aFailedBatchBuildIsShownAsAnEpochFailureNotAProject() {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "KEA"));
        release(redis, 1);
        follow(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> epoch(1) != null);

        // snapshot_worker.py _process_bulk_mode: a whole task type failed; the field is {task_type}:{namespace}
        redis.hset("epochID:1:stateID:SNAPSHOT_BUILD:processingStatus", "aggregate_24h_top_pairs_lite:UNISWAPV2",
                "{\"status\": \"failed\", \"error\": \"RPC error 429\", \"extra\": null, \"timestamp\": " + (T0 + 33) + "}");
        await().atMost(Duration.ofSeconds(5)).until(() -> !epoch(1).batchBuilds().isEmpty());

        Epoch e = epoch(1);
        assertThat(e.failedBatchBuilds()).singleElement().satisfies(u -> {
            assertThat(u.projectId()).isEqualTo("aggregate_24h_top_pairs_lite:UNISWAPV2");
            assertThat(u.error()).isEqualTo("RPC error 429");
            assertThat(u.stateId()).isEqualTo(EpochStates.SNAPSHOT_BUILD);
        });
        assertThat(e.states().get(EpochStates.SNAPSHOT_BUILD)).extracting(StateUpdate::projectId)
                .doesNotContain("aggregate_24h_top_pairs_lite:UNISWAPV2").hasSize(2);
    }
}
