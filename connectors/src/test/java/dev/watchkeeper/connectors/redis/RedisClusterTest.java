package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.demo.redis.LocalRedisCluster;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.epoch.EpochWindow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real three-node Redis Cluster on loopback: keys spread over nodes, read through the cluster client. */
class RedisClusterTest {

    @TempDir
    Path dir;

    private final List<LocalRedisServer> nodes = new ArrayList<>();
    private final List<RedisClient> admins = new ArrayList<>();
    private LocalRedisCluster cluster;
    private RedisClusterClient clusterAdmin;
    private RedisFleetReader fleet;
    private EpochReader epochs;
    private final Map<IndexerId, IndexerState> states = new ConcurrentHashMap<>();
    private final Map<IndexerId, Progress> progress = new ConcurrentHashMap<>();
    private final AtomicReference<EpochWindow> window = new AtomicReference<>();

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
        if (epochs != null) {
            epochs.close();
        }
        if (clusterAdmin != null) {
            clusterAdmin.shutdown();
        }
        admins.forEach(RedisClient::shutdown);
        if (cluster != null) {
            cluster.close();
        }
    }

    private RedisAdvancedClusterCommands<String, String> startCluster() {
        cluster = LocalRedisCluster.start(3, dir);
        nodes.addAll(cluster.nodes());
        nodes.forEach(n -> admins.add(RedisClient.create(n.uri())));
        clusterAdmin = RedisClusterClient.create(nodes.getFirst().uri());
        return clusterAdmin.connect().sync();
    }

    @Test
    void fleetAndEpochsAreReadAcrossAllNodes() {
        RedisAdvancedClusterCommands<String, String> redis = startCluster();
        for (int i = 0; i < 60; i++) {
            String key = "c" + i + ".near/f:state";
            redis.set(key, "{\"account_id\":\"c" + i + ".near\",\"function_name\":\"f\",\"block_stream_synced_at\":null,\"enabled\":true,\"lifecycle_state\":\"Running\"}");
            redis.set("c" + i + ".near/f:last_published_block", Integer.toString(5000 + i));
        }
        // no indexer_states set: found by SCAN, which must cover every node
        for (long e = 1; e <= 5; e++) {
            redis.set("epochID:" + e + ":epochReleased", Long.toString(EpochReaderTest.T0 + e));
            redis.hset("epochID:" + e + ":stateID:SNAPSHOT_BUILD:processingStatus", EpochReaderTest.PAIR, EpochReaderTest.ok(EpochReaderTest.T0));
        }
        long spread = nodes.stream().filter(n -> {
            RedisCommands<String, String> s = admins.get(nodes.indexOf(n)).connect().sync();
            return s.dbsize() > 0;
        }).count();
        assertThat(spread).isEqualTo(3);

        String uri = "redis-cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port();
        RedisSettings settings = new RedisSettings(uri, Duration.ofMillis(300), EpochReaderTest.NS);
        ControlPlaneListener listener = new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                if (batch.fullSnapshot()) {
                    states.clear();
                }
                batch.upserts().forEach(s -> states.put(s.id(), s));
                batch.removed().forEach(states::remove);
            }

            @Override
            public void onProgress(ProgressBatch batch) {
                batch.items().forEach(p -> progress.put(p.id(), p));
            }

            @Override
            public void onEpochs(EpochWindow w) {
                window.set(w);
            }
        };
        fleet = new RedisFleetReader(settings, listener);
        epochs = new EpochReader(settings, listener);
        fleet.start();
        epochs.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> states.size() == 60 && progress.size() == 60
                && window.get() != null && window.get().epochs().size() == 5);
        assertThat(fleet.mode()).startsWith("polling");
        assertThat(progress.get(new IndexerId("c42.near", "f")).lastPublishedBlock()).isEqualTo(5042L);

        redis.set("c7.near/f:state", "{\"enabled\":false,\"lifecycle_state\":\"Suspended\"}");
        redis.del("c8.near/f:state");
        redis.set("epochID:6:epochReleased", Long.toString(EpochReaderTest.T0 + 6));
        await().atMost(Duration.ofSeconds(10)).until(() -> states.size() == 59
                && states.get(new IndexerId("c7.near", "f")).lifecycle() == LifecycleState.SUSPENDED
                && window.get().epochs().size() == 6);
    }

    private static String json(int i, boolean enabled, String state) {
        return "{\"account_id\":\"c" + i + ".near\",\"function_name\":\"f\",\"block_stream_synced_at\":null,\"enabled\":"
                + enabled + ",\"lifecycle_state\":\"" + state + "\"}";
    }

    @Test
    void aSlotMigrationAndANodeRestartWhileChangesFlowEndWithEveryStateShownAsRedisHoldsIt() throws Exception {
        RedisAdvancedClusterCommands<String, String> redis = startCluster();
        for (int i = 0; i < 60; i++) {
            redis.set("c" + i + ".near/f:state", json(i, true, "Running"));
            redis.sadd("indexer_states", "c" + i + ".near/f:state");
        }
        List<SourceStatus> statuses = new CopyOnWriteArrayList<>();
        String uri = "redis-cluster://127.0.0.1:" + nodes.get(0).port() + ",127.0.0.1:" + nodes.get(1).port()
                + ",127.0.0.1:" + nodes.get(2).port();
        fleet = new RedisFleetReader(new RedisSettings(uri, Duration.ofMillis(300), null), new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                if (batch.fullSnapshot()) {
                    states.clear();
                }
                batch.upserts().forEach(st -> states.put(st.id(), st));
                batch.removed().forEach(states::remove);
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.add(status);
            }
        });
        fleet.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> states.size() == 60);

        // move the slot of c5's key to another node while its value keeps changing
        String key = "c5.near/f:state";
        int slot = redis.clusterKeyslot(key).intValue();
        int from = -1;
        for (int n = 0; n < 3; n++) {
            if (admins.get(n).connect().sync().clusterCountKeysInSlot(slot) > 0) {
                from = n;
            }
        }
        int to = (from + 1) % 3;
        RedisCommands<String, String> source = admins.get(from).connect().sync();
        RedisCommands<String, String> target = admins.get(to).connect().sync();
        String sourceId = source.clusterMyId();
        String targetId = target.clusterMyId();
        target.clusterSetSlotImporting(slot, sourceId);
        source.clusterSetSlotMigrating(slot, targetId);
        redis.set(key, json(5, false, "Suspending"));
        source.migrate("127.0.0.1", nodes.get(to).port(), 0, 5000, io.lettuce.core.MigrateArgs.Builder.keys(source.clusterGetKeysInSlot(slot, 100)));
        for (RedisCommands<String, String> node : List.of(source, target, admins.get(3 - from - to).connect().sync())) {
            node.clusterSetSlotNode(slot, targetId);
        }
        redis.set(key, json(5, false, "Suspended"));
        await().atMost(Duration.ofSeconds(15)).until(() -> states.get(new IndexerId("c5.near", "f")).lifecycle() == LifecycleState.SUSPENDED);
        assertThat(target.exists(key)).isEqualTo(1L);

        // a node without a replica restarts empty: its slots fail, then come back without their keys
        LocalRedisServer lost = nodes.get((to + 1) % 3);
        lost.stop();
        await().atMost(Duration.ofSeconds(20)).until(() -> statuses.stream().anyMatch(st -> st.state() != ConnectionState.CONNECTED));
        lost.restart();
        await().atMost(Duration.ofSeconds(30)).until(() -> admins.getFirst().connect().sync().clusterInfo().contains("cluster_state:ok"));
        // the coordinator writes every state again each second upstream: so does this writer
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (int i = 0; i < 60; i++) {
                String k = "c" + i + ".near/f:state";
                if (i != 5) {
                    redis.set(k, json(i, true, "Running"));
                }
                redis.sadd("indexer_states", k);
            }
            redis.set(key, json(5, false, "Suspended"));
            assertThat(states).hasSize(60);
            assertThat(states.values()).allSatisfy(st -> assertThat(st.isMissing()).isFalse());
            assertThat(states.get(new IndexerId("c5.near", "f")).lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
            assertThat(statuses.getLast().state()).isEqualTo(ConnectionState.CONNECTED);
        });
    }
}
