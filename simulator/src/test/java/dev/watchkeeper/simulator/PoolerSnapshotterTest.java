package dev.watchkeeper.simulator;

import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.IndexerId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pooler snapshotter's epoch keys: states, JSON, project IDs, retention of 30 epochs, liveness. */
class PoolerSnapshotterTest {

    private static final Pattern UPDATE = Pattern.compile(
            "\\{\"status\": \"(success|failed)\", \"error\": (null|\"[^\"]*\"), \"extra\": (null|\\{\"snapshot_cid\": \"bafkrei[a-z2-7]{52}\"}), \"timestamp\": \\d{10}}");
    private static final Pattern PROJECT = Pattern.compile("^[A-Za-z0-9_]+:(0x[0-9a-f]{40}|[0-9a-f]{64}|[^:/]+/.+):(UNISWAPV2|QUERYAPI)$");

    private static LocalRedisServer server;
    private static ControlPlane plane;
    private static RedisClient client;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() {
        server = LocalRedisServer.start();
        // an epoch every 6 upstream seconds at factor 100: 60 ms per epoch, well past 30 epochs within the test
        plane = ControlPlane.start(server.uri(), 0, SimConfig.defaults().withIndexers(30).withTimeFactor(100)
                .withProjectsPerEpoch(200).withEpochInterval(Duration.ofSeconds(6)));
        client = RedisClient.create(server.uri());
        redis = client.connect().sync();
        // the last 30 epochs are written at start
        await().atMost(Duration.ofSeconds(30)).until(() -> releasedEpochs().size() >= 29);
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        plane.close();
        server.close();
    }

    private static TreeSet<Long> releasedEpochs() {
        return redis.keys("epochID:*:epochReleased").stream().map(k -> Long.parseLong(k.split(":")[1]))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void keepsAboutThirtyEpochsAndDeletesOlderOnes() {
        long first = releasedEpochs().first();
        await().atMost(Duration.ofSeconds(30)).until(() -> releasedEpochs().first() > first + 10);
        TreeSet<Long> epochs = releasedEpochs();
        assertThat(epochs.size()).isBetween(29, 31);
        assertThat(epochs.last() - epochs.first() + 1).isEqualTo(epochs.size());
        assertThat(redis.keys("epochID:" + (epochs.first() - 1) + ":*")).isEmpty();
        assertThat(redis.keys("epochID:*:stateID:*:processingStatus").stream().map(k -> Long.parseLong(k.split(":")[1])))
                .allMatch(e -> e >= epochs.first());
        long released = Long.parseLong(redis.get("epochID:" + epochs.last() + ":epochReleased"));
        assertThat(released).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(5L));
    }

    @Test
    void everyStateOfAFinishedEpochHoldsUpstreamShapedUpdates() {
        long epoch = releasedEpochs().last() - 2;
        Map<String, String> preload = redis.hgetall("epochID:" + epoch + ":stateID:PRELOAD:processingStatus");
        assertThat(preload.keySet()).as("PRELOAD fields are project types").allMatch(f -> !f.contains(":"))
                .contains("pairContract_pair_total_reserves", ProjectCatalog.INDEXER_TYPE);
        Map<String, String> build = redis.hgetall("epochID:" + epoch + ":stateID:SNAPSHOT_BUILD:processingStatus");
        Map<String, String> finalize = redis.hgetall("epochID:" + epoch + ":stateID:SNAPSHOT_FINALIZE:processingStatus");
        assertThat(build.keySet()).allMatch(p -> PROJECT.matcher(p).matches());
        assertThat(build.size()).isBetween(180, 200);
        assertThat(finalize.size()).isLessThanOrEqualTo(build.size());
        for (String state : PoolerSnapshotter.STATES) {
            Collection<String> values = redis.hgetall("epochID:" + epoch + ":stateID:" + state + ":processingStatus").values();
            assertThat(values).isNotEmpty().allMatch(v -> UPDATE.matcher(v).matches());
        }
        assertThat(finalize.values()).filteredOn(v -> v.contains("\"success\"")).allMatch(v -> v.contains("snapshot_cid"));
        assertThat(build.values()).filteredOn(v -> v.contains("\"success\"")).anyMatch(v -> v.contains("\"error\": \"\""))
                .anyMatch(v -> v.contains("\"error\": null"));
    }

    @Test
    void someProjectsFailWithAnErrorTextAndStopThere() {
        long last = releasedEpochs().last() - 2;
        List<String> failures = new java.util.ArrayList<>();
        for (long e = last - 10; e <= last; e++) {
            for (String state : PoolerSnapshotter.STATES) {
                redis.hgetall("epochID:" + e + ":stateID:" + state + ":processingStatus").forEach((p, v) -> {
                    if (v.contains("\"failed\"")) {
                        failures.add(v);
                    }
                });
            }
        }
        assertThat(failures).isNotEmpty().allMatch(v -> !v.contains("\"error\": null") && !v.contains("\"error\": \"\""));
    }

    @Test
    void indexerProjectsCarryTheIndexersFullName() {
        IndexerId first = plane.indexers().getFirst();
        assertThat(plane.snapshotterProject(first)).contains("indexer_blocks:" + first.fullName() + ":QUERYAPI");
        long epoch = releasedEpochs().last() - 2;
        assertThat(redis.hkeys("epochID:" + epoch + ":stateID:SNAPSHOT_BUILD:processingStatus"))
                .contains("indexer_blocks:" + first.fullName() + ":QUERYAPI");
    }

    @Test
    void livenessKeysFollowTheSnapshotter() {
        String ns = plane.snapshotterNamespace();
        assertThat(redis.get("snapshotterActiveStatus:" + ns)).isEqualTo("1");
        assertThat(Long.parseLong(redis.get("lastEpochDetectedTimestamp:" + ns))).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(5L));
        plane.faults().snapshotterActive(false);
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> "0".equals(redis.get("snapshotterActiveStatus:" + ns)));
            long epoch = releasedEpochs().last();
            await().atMost(Duration.ofSeconds(10)).until(() -> releasedEpochs().last() > epoch + 2);
            assertThat(redis.exists("epochID:" + (epoch + 2) + ":stateID:SNAPSHOT_BUILD:processingStatus")).isZero();
        } finally {
            plane.faults().snapshotterActive(true);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "1".equals(redis.get("snapshotterActiveStatus:" + ns)));
    }
}
