package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A real redis-server, an epoch reader following it, and epochs in the pooler snapshotter's exact formats. */
abstract class EpochReaderFixture {

    static final String NS = "UNISWAPV2";
    static final String PAIR = "pairContract_pair_total_reserves:0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc:UNISWAPV2";
    static final String AGG = "aggregate_24h_stats_lite:35ee1886fa4876d6d4a4b1f8b0a9b8d3c8e1a106:UNISWAPV2";
    static final long T0 = 1_692_530_595L;

    LocalRedisServer server;
    RedisClient client;
    EpochReader reader;
    final AtomicReference<EpochWindow> shown = new AtomicReference<>();
    final AtomicInteger emissions = new AtomicInteger();

    @AfterEach
    void tearDown() {
        if (reader != null) {
            reader.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    RedisCommands<String, String> start(List<String> serverArgs) {
        server = LocalRedisServer.start(LocalRedisServer.freePort(), serverArgs);
        client = RedisClient.create(server.uri());
        return client.connect().sync();
    }

    /** A Redis without keyspace events holding epochs 1 to {@code epochs}, each {@link #release released}. */
    RedisCommands<String, String> startReleased(int epochs) {
        RedisCommands<String, String> redis = start(List.of());
        for (long e = 1; e <= epochs; e++) {
            release(redis, e);
        }
        return redis;
    }

    void follow(Duration poll) {
        reader = new EpochReader(new RedisSettings(server.uri(), poll, NS), new ControlPlaneListener() {
            @Override
            public void onEpochs(EpochWindow window) {
                shown.set(window);
                emissions.incrementAndGet();
            }
        });
        reader.start();
    }

    static String ok(long ts) {
        return "{\"status\": \"success\", \"error\": null, \"extra\": null, \"timestamp\": " + ts + "}";
    }

    /** One epoch as the pooler writes it: released key, then a hash per state. */
    static void release(RedisCommands<String, String> redis, long epoch) {
        long ts = T0 + epoch * 30;
        redis.set("epochID:" + epoch + ":epochReleased", Long.toString(ts));
        redis.hset("epochID:" + epoch + ":stateID:PRELOAD:processingStatus", "pairContract_pair_total_reserves", ok(ts + 1));
        redis.hset("epochID:" + epoch + ":stateID:SNAPSHOT_BUILD:processingStatus", Map.of(PAIR, ok(ts + 2), AGG, ok(ts + 2)));
        // a Go-style writer: "error": "" on success
        redis.hset("epochID:" + epoch + ":stateID:SNAPSHOT_SUBMIT_PAYLOAD_COMMIT:processingStatus", PAIR,
                "{\"status\":\"success\",\"error\":\"\",\"extra\":null,\"timestamp\":" + (ts + 3) + "}");
        redis.hset("epochID:" + epoch + ":stateID:SNAPSHOT_FINALIZE:processingStatus", PAIR,
                "{\"status\": \"success\", \"error\": null, \"extra\": {\"snapshot_cid\": \"bafkreicid" + epoch + "\"}, \"timestamp\": " + (ts + 9) + "}");
    }

    Epoch epoch(long id) {
        EpochWindow w = shown.get();
        return w == null ? null : w.epochs().stream().filter(e -> e.epochId() == id).findFirst().orElse(null);
    }

    static StateUpdate update(Epoch e, String state, String project) {
        return e.states().getOrDefault(state, List.of()).stream().filter(u -> u.projectId().equals(project)).findFirst().orElse(null);
    }
}
