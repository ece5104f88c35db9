package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis publishes keyspace events faster than the reader handles them (here its listener is held
 * up): what waits is one read per key, however many times Redis named it, and once the reader is
 * free it shows exactly what Redis holds, without dropping everything for a full reload.
 */
class SlowConsumerTest {

    private LocalRedisServer server;
    private RedisClient client;
    private RedisFleetReader reader;

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

    private static String json(int i, int version) {
        return "{\"account_id\":\"acc" + i + ".near\",\"function_name\":\"f\",\"block_stream_synced_at\":" + version
                + ",\"enabled\":true,\"lifecycle_state\":\"Running\"}";
    }

    @Test
    void aReaderThatFallsBehindKeepsOneReadPerKeyAndCatchesUpWithoutAFullReload() throws Exception {
        server = LocalRedisServer.start(LocalRedisServer.freePort(), List.of("--notify-keyspace-events", "KEA"));
        client = RedisClient.create(RedisURI.create(server.uri()));
        StatefulRedisConnection<String, String> conn = client.connect();
        RedisAsyncCommands<String, String> redis = conn.async();
        for (int i = 0; i < 500; i++) {
            redis.set("acc" + i + ".near/f:state", json(i, 0));
            redis.sadd("indexer_states", "acc" + i + ".near/f:state");
        }
        conn.sync().ping();

        Map<IndexerId, IndexerState> shown = new ConcurrentHashMap<>();
        List<SourceStatus> statuses = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger fullLoads = new AtomicInteger();
        reader = new RedisFleetReader(RedisSettings.of(server.uri()), new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                if (batch.fullSnapshot()) {
                    fullLoads.incrementAndGet();
                    shown.clear();
                }
                batch.upserts().forEach(s -> shown.put(s.id(), s));
                if (batches.incrementAndGet() == 2) {
                    // the first change batch holds the reader thread up, as a slow round would
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.add(status);
            }
        });
        reader.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 500);

        // 20 rounds of changes to every key: 10,000 events while the reader is held up
        int maxSeen = 0;
        for (int round = 1; round <= 20; round++) {
            List<RedisFuture<?>> writes = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                writes.add(redis.set("acc" + i + ".near/f:state", json(i, round)));
            }
            LettuceFutures.awaitAll(Duration.ofSeconds(10), writes.toArray(RedisFuture[]::new));
            maxSeen = Math.max(maxSeen, reader.pendingStateKeys());
        }
        // all 10,000 events were published while the reader was held up
        await().atMost(Duration.ofSeconds(10)).until(() -> reader.pendingStateKeys() == 500);
        assertThat(maxSeen).as("what waits is one read per key").isLessThanOrEqualTo(500);
        int loadsBefore = fullLoads.get();
        release.countDown();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(shown).hasSize(500);
            assertThat(shown.values()).allSatisfy(s -> assertThat(s.blockStreamSyncedAt()).isEqualTo(20L));
        });
        assertThat(fullLoads.get()).as("caught up by reading the changed keys, not by reloading everything").isEqualTo(loadsBefore);
        assertThat(statuses).noneSatisfy(s -> assertThat(s.message()).contains("fell behind"));
    }
}
