package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Sentinel-managed Redis loses its master while the coordinator writes: three real
 * {@code redis-server --sentinel} processes promote the replica; the reader follows the new
 * master, marks the gap (RECONNECTING), resyncs fully and misses no change written after the failover.
 */
class RedisSentinelFailoverTest {

    private static final String MASTER = "mymaster";

    @TempDir
    Path dir;

    private LocalRedisServer master;
    private LocalRedisServer replica;
    private final List<Process> sentinels = new ArrayList<>();
    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<RedisClient> clients = new ArrayList<>();
    private RedisFleetReader reader;
    private final Map<IndexerId, IndexerState> shown = new ConcurrentHashMap<>();
    private final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<StateBatch> fullSnapshots = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (reader != null) {
            reader.close();
        }
        clients.forEach(RedisClient::shutdown);
        sentinels.forEach(Process::destroyForcibly);
        if (replica != null) {
            replica.close();
        }
        if (master != null) {
            master.close();
        }
    }

    private void startSentinel(int masterPort) throws IOException {
        int port = LocalRedisServer.freePort();
        Path conf = dir.resolve("sentinel-" + port + ".conf");
        Files.writeString(conf, String.join("\n",
                "port " + port,
                "bind 127.0.0.1",
                "protected-mode no",
                "dir " + dir,
                "sentinel monitor " + MASTER + " 127.0.0.1 " + masterPort + " 2",
                "sentinel down-after-milliseconds " + MASTER + " 1000",
                "sentinel failover-timeout " + MASTER + " 5000",
                "sentinel parallel-syncs " + MASTER + " 1", ""));
        Process p = new ProcessBuilder(master.binary().toString(), conf.toString(), "--sentinel")
                .redirectErrorStream(true).redirectOutput(dir.resolve("sentinel-" + port + ".log").toFile()).start();
        sentinels.add(p);
        sentinelPorts.add(port);
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(port));
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String sentinelUri() {
        StringBuilder sb = new StringBuilder("redis-sentinel://");
        for (int i = 0; i < sentinelPorts.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("127.0.0.1:").append(sentinelPorts.get(i));
        }
        return sb.append("#").append(MASTER).toString();
    }

    /** A writer connected to whichever server the sentinels name master now, as the coordinator would reconnect. */
    private RedisCommands<String, String> writer() {
        RedisClient c = RedisClient.create(RedisURI.create(sentinelUri()));
        clients.add(c);
        StatefulRedisConnection<String, String> conn = c.connect();
        return conn.sync();
    }

    private static void put(RedisCommands<String, String> redis, String account, boolean enabled, String state) {
        String key = account + "/f:state";
        redis.set(key, "{\"account_id\":\"" + account + "\",\"function_name\":\"f\",\"block_stream_synced_at\":null,\"enabled\":"
                + enabled + ",\"lifecycle_state\":\"" + state + "\"}");
        redis.sadd("indexer_states", key);
    }

    private int masterPortNamedBySentinels() {
        RedisClient c = RedisClient.create(RedisURI.create("redis://127.0.0.1:" + sentinelPorts.getFirst()));
        try (var conn = c.connectSentinel()) {
            return ((InetSocketAddress) conn.sync().getMasterAddrByName(MASTER)).getPort();
        } finally {
            c.shutdown();
        }
    }

    @Test
    void theReaderFollowsThePromotedReplicaResyncsAndLosesNoChangeWrittenAfterTheFailover() throws Exception {
        List<String> notify = List.of("--notify-keyspace-events", "KEA");
        master = LocalRedisServer.start(LocalRedisServer.freePort(), notify);
        List<String> replicaArgs = new ArrayList<>(notify);
        replicaArgs.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())));
        replica = LocalRedisServer.start(LocalRedisServer.freePort(), replicaArgs);
        for (int i = 0; i < 3; i++) {
            startSentinel(master.port());
        }
        RedisCommands<String, String> before = writer();
        for (int i = 0; i < 50; i++) {
            put(before, "acc" + i + ".near", true, "Running");
        }
        assertThat(before.waitForReplication(1, 5000)).isEqualTo(1);

        reader = new RedisFleetReader(RedisSettings.of(sentinelUri()).withPollInterval(Duration.ofMillis(500)), new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                if (batch.fullSnapshot()) {
                    shown.clear();
                    fullSnapshots.add(batch);
                }
                batch.upserts().forEach(s -> shown.put(s.id(), s));
                batch.removed().forEach(shown::remove);
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.add(status);
            }
        });
        reader.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> shown.size() == 50);
        int snapshotsBefore = fullSnapshots.size();

        master.stop();
        await().atMost(Duration.ofSeconds(30)).until(() -> masterPortNamedBySentinels() == replica.port());
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.stream().anyMatch(s -> s.state() == ConnectionState.RECONNECTING));

        RedisCommands<String, String> after = writer();
        for (int i = 0; i < 10; i++) {
            put(after, "acc" + i + ".near", false, "Suspending");
        }
        for (int i = 50; i < 55; i++) {
            put(after, "acc" + i + ".near", true, "Initializing");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(shown).hasSize(55);
            for (int i = 0; i < 10; i++) {
                assertThat(shown.get(new IndexerId("acc" + i + ".near", "f")).lifecycle()).isEqualTo(LifecycleState.SUSPENDING);
            }
            assertThat(shown.get(new IndexerId("acc54.near", "f")).lifecycle()).isEqualTo(LifecycleState.INITIALIZING);
        });
        assertThat(fullSnapshots.size()).as("a full resync after the failover").isGreaterThan(snapshotsBefore);
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.getLast().state() == ConnectionState.CONNECTED);
    }
}
