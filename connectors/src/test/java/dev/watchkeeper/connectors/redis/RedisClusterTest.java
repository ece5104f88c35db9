package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.epoch.EpochWindow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real three-node Redis Cluster on loopback: keys spread over nodes, read through the cluster client. */
class RedisClusterTest {

    @TempDir
    Path dir;

    private final List<LocalRedisServer> nodes = new ArrayList<>();
    private final List<RedisClient> admins = new ArrayList<>();
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
        nodes.forEach(LocalRedisServer::close);
    }

    /** A port whose cluster bus port (+10000) is free as well. */
    private static int clusterPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int p = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (free(p) && free(p + 10_000)) {
                return p;
            }
        }
        throw new IllegalStateException("no free port pair");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private RedisAdvancedClusterCommands<String, String> startCluster() {
        List<RedisCommands<String, String>> syncs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int port = clusterPort();
            nodes.add(LocalRedisServer.start(port, List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes-" + port + ".conf").toString(),
                    "--cluster-node-timeout", "2000")));
            RedisClient c = RedisClient.create(nodes.get(i).uri());
            admins.add(c);
            syncs.add(c.connect().sync());
        }
        int per = 16384 / 3 + 1;
        for (int i = 0; i < 3; i++) {
            int from = i * per;
            int to = Math.min(16384, from + per);
            syncs.get(i).clusterAddSlots(IntStream.range(from, to).toArray());
        }
        for (int i = 1; i < 3; i++) {
            syncs.getFirst().clusterMeet("127.0.0.1", nodes.get(i).port());
        }
        await().atMost(Duration.ofSeconds(20)).until(() ->
                syncs.stream().allMatch(s -> s.clusterInfo().contains("cluster_state:ok")
                        && s.clusterNodes().lines().count() == 3));
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
}
