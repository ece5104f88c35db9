package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.connectors.testing.BlackholeProxy;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis going away under the reader: stopped, restarted empty, or silently unreachable. */
class RedisResilienceTest {

    private LocalRedisServer server;
    private RedisClient admin;
    private RedisFleetReader reader;
    private BlackholeProxy proxy;
    private final Map<IndexerId, IndexerState> shown = new ConcurrentHashMap<>();
    private final Map<IndexerId, Progress> progress = new ConcurrentHashMap<>();
    private final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    private RedisCommands<String, String> start() {
        server = LocalRedisServer.start(LocalRedisServer.freePort(), List.of());
        admin = RedisClient.create(server.uri());
        return admin.connect().sync();
    }

    private void follow(RedisSettings settings) {
        reader = new RedisFleetReader(settings, new ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                if (batch.fullSnapshot()) {
                    shown.clear();
                }
                batch.upserts().forEach(s -> shown.put(s.id(), s));
                batch.removed().forEach(shown::remove);
            }

            @Override
            public void onProgress(ProgressBatch batch) {
                batch.items().forEach(p -> progress.put(p.id(), p));
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.add(status);
            }
        });
        reader.start();
    }

    private static void put(RedisCommands<String, String> redis, String account, String state, long block) {
        String key = account + "/f:state";
        redis.set(key, "{\"account_id\":\"" + account + "\",\"function_name\":\"f\",\"block_stream_synced_at\":null,\"enabled\":true,\"lifecycle_state\":\"" + state + "\"}");
        redis.sadd("indexer_states", key);
        redis.set(account + "/f:last_published_block", Long.toString(block));
    }

    private SourceStatus last() {
        return statuses.getLast();
    }

    @Test
    void stoppedThenRestartedRedisIsResyncedAndADeletedRowIsGone() {
        RedisCommands<String, String> redis = start();
        put(redis, "a.near", "Running", 100);
        put(redis, "b.near", "Running", 200);
        follow(RedisSettings.of(server.uri()).withPollInterval(Duration.ofMillis(200)).withCommandTimeout(Duration.ofSeconds(2)));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 2 && progress.size() == 2);

        Instant confirmedBefore = last().lastConfirmed();
        Instant stoppedAt = Instant.now();
        server.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> last().state() == ConnectionState.RECONNECTING);
        SourceStatus reconnecting = last();
        assertThat(reconnecting.nextRetry()).isAfter(reconnecting.since());
        assertThat(reconnecting.since()).isAfterOrEqualTo(stoppedAt.minusMillis(50));
        assertThat(reconnecting.lastConfirmed()).isBeforeOrEqualTo(stoppedAt).isAfterOrEqualTo(confirmedBefore);
        assertThat(reconnecting.mode()).isEqualTo("reconnecting");
        assertThat(reconnecting.message()).isNotBlank();
        // backoff: retries keep being scheduled while Redis is down, lastConfirmed does not move
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.stream()
                .filter(s -> s.state() == ConnectionState.RECONNECTING).count() >= 3);
        assertThat(last().lastConfirmed()).isEqualTo(reconnecting.lastConfirmed());

        // Redis comes back empty; meanwhile b was deleted and a moved on
        server.restart();
        RedisCommands<String, String> fresh = admin.connect().sync();
        put(fresh, "a.near", "Suspended", 150);

        await().atMost(Duration.ofSeconds(30)).until(() -> shown.size() == 1
                && shown.get(new IndexerId("a.near", "f")).lifecycle() == LifecycleState.SUSPENDED
                && Long.valueOf(150).equals(progress.get(new IndexerId("a.near", "f")).lastPublishedBlock()));
        assertThat(shown).doesNotContainKey(new IndexerId("b.near", "f"));
        await().atMost(Duration.ofSeconds(5)).until(() -> last().state() == ConnectionState.CONNECTED);
        assertThat(last().lastConfirmed()).isAfter(stoppedAt);
        assertThat(last().message()).isNull();
    }

    @Test
    void aProxyThatStopsForwardingIsNoticedWithinTwoPollIntervals() throws Exception {
        RedisCommands<String, String> redis = start();
        put(redis, "a.near", "Running", 100);
        proxy = new BlackholeProxy(server.port());
        Duration poll = Duration.ofMillis(500);
        follow(RedisSettings.of("redis://127.0.0.1:" + proxy.port()).withPollInterval(poll).withCommandTimeout(Duration.ofSeconds(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 1 && last().state() == ConnectionState.CONNECTED);
        Instant confirmed = last().lastConfirmed();

        long t0 = System.nanoTime();
        proxy.forwarding(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> last().state() == ConnectionState.RECONNECTING);
        long noticedMs = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("PROXY-BLACKHOLE noticed after " + noticedMs + " ms (poll " + poll.toMillis() + " ms)");
        // 2 x poll, plus slack for a shared, heavily loaded build machine
        assertThat(noticedMs).isLessThan(2 * poll.toMillis() + 1500);
        assertThat(last().lastConfirmed()).isBeforeOrEqualTo(Instant.now()).isAfterOrEqualTo(confirmed);
        assertThat(last().message()).contains("no reply from Redis");

        // reconnect attempts through the dead link fail too; the link comes back, the data is resynced
        redis.set("a.near/f:state", "{\"enabled\":false,\"lifecycle_state\":\"Suspending\"}");
        proxy.forwarding(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> last().state() == ConnectionState.CONNECTED
                && shown.get(new IndexerId("a.near", "f")).lifecycle() == LifecycleState.SUSPENDING);
    }
}
