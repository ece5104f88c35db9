package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.epoch.EpochWindow;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The console is read-only on Redis: under an ACL user that may only read (no write category at
 * all) both readers load and follow everything, and the server denied nothing they sent.
 */
class ReadOnlyAclTest {

    private static final String PASSWORD = "rEad-0nly-" + Long.toHexString(System.nanoTime());
    /** Exactly what the readers need: reads, connection handshake, PING, CONFIG GET, PSUBSCRIBE. */
    private static final List<String> READ_ONLY_USER = List.of("--user", "reader", "on", ">" + PASSWORD, "~*", "&*",
            "-@all", "+@read", "+@connection", "+ping", "+config|get", "+psubscribe", "+punsubscribe");

    private LocalRedisServer server;
    private RedisClient admin;
    private RedisFleetReader fleet;
    private EpochReader epochs;
    private final Map<IndexerId, IndexerState> states = new ConcurrentHashMap<>();
    private final Map<IndexerId, Progress> progress = new ConcurrentHashMap<>();
    private final AtomicReference<EpochWindow> window = new AtomicReference<>();
    private final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() {
        if (fleet != null) {
            fleet.close();
        }
        if (epochs != null) {
            epochs.close();
        }
        if (admin != null) {
            admin.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    private final ControlPlaneListener listener = new ControlPlaneListener() {
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

        @Override
        public void onStatus(SourceStatus status) {
            statuses.add(status);
        }
    };

    private RedisCommands<String, String> startServer(String notifications) {
        List<String> args = new java.util.ArrayList<>(READ_ONLY_USER);
        args.addAll(List.of("--notify-keyspace-events", notifications));
        server = LocalRedisServer.start(LocalRedisServer.freePort(), args);
        admin = RedisClient.create(server.uri());
        return admin.connect().sync();
    }

    private String readerUri(String password) {
        return "redis://reader:" + password + "@127.0.0.1:" + server.port();
    }

    private static void seed(RedisCommands<String, String> redis) {
        redis.set("a.near/f:state", "{\"account_id\":\"a.near\",\"function_name\":\"f\",\"block_stream_synced_at\":10,\"enabled\":true,\"lifecycle_state\":\"Running\"}");
        redis.sadd("indexer_states", "a.near/f:state");
        redis.set("a.near/f:last_published_block", "1000");
        redis.xadd("a.near/f:block_stream", Map.of("block_height", "1000"));
        EpochReaderTest.release(redis, 7);
        redis.set("snapshotterActiveStatus:" + EpochReaderTest.NS, "1");
    }

    private void followBoth(String uri, Duration poll) {
        RedisSettings settings = new RedisSettings(uri, poll, EpochReaderTest.NS);
        fleet = new RedisFleetReader(settings, listener);
        epochs = new EpochReader(settings, listener);
        fleet.start();
        epochs.start();
    }

    @Test
    void everythingLoadsAndFollowsChangesUnderAReadOnlyUserAndNothingIsDenied() {
        RedisCommands<String, String> redis = startServer("KEA");
        seed(redis);

        followBoth(readerUri(PASSWORD), Duration.ofMillis(300));

        IndexerId a = new IndexerId("a.near", "f");
        await().atMost(Duration.ofSeconds(10)).until(() -> states.containsKey(a) && progress.containsKey(a)
                && window.get() != null && window.get().epochs().size() == 1);
        assertThat(fleet.mode()).contains("keyspace notifications");
        assertThat(epochs.mode()).contains("keyspace notifications");
        assertThat(progress.get(a).lastPublishedBlock()).isEqualTo(1000L);
        assertThat(progress.get(a).queueDepth()).isEqualTo(1L);
        assertThat(window.get().active()).isTrue();

        // changes are followed: a lifecycle change, progress, a new epoch
        redis.set("a.near/f:state", "{\"account_id\":\"a.near\",\"function_name\":\"f\",\"block_stream_synced_at\":10,\"enabled\":false,\"lifecycle_state\":\"Suspending\"}");
        redis.set("a.near/f:last_published_block", "1005");
        EpochReaderTest.release(redis, 8);
        await().atMost(Duration.ofSeconds(10)).until(() -> states.get(a).lifecycle() == LifecycleState.SUSPENDING
                && Long.valueOf(1005).equals(progress.get(a).lastPublishedBlock()) && window.get().epochs().size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> statuses.getLast().state() == ConnectionState.CONNECTED);
        assertThat(statuses).allSatisfy(s -> assertThat(s.message()).isNull());
        assertThat(epochs.status().message()).isNull();

        // the server refused nothing the readers sent...
        assertThat(redis.aclLog()).isEmpty();
        // ...and would have logged it: the same user trying to write is refused and recorded
        RedisClient intruder = RedisClient.create(readerUri(PASSWORD));
        try {
            assertThatThrownBy(() -> intruder.connect().sync().set("a.near/f:state", "x"))
                    .isInstanceOf(RedisCommandExecutionException.class).hasMessageContaining("NOPERM");
        } finally {
            intruder.shutdown();
        }
        assertThat(redis.aclLog()).hasSize(1);
    }

    @Test
    void pollingUnderTheReadOnlyUserWhenTheServerHasNoNotifications() {
        RedisCommands<String, String> redis = startServer("");
        seed(redis);
        followBoth(readerUri(PASSWORD), Duration.ofMillis(200));
        IndexerId a = new IndexerId("a.near", "f");
        await().atMost(Duration.ofSeconds(10)).until(() -> states.containsKey(a) && window.get() != null);
        assertThat(fleet.mode()).isEqualTo("polling every 0.2 s");
        redis.del("a.near/f:state");
        redis.srem("indexer_states", "a.near/f:state");
        EpochReaderTest.release(redis, 8);
        await().atMost(Duration.ofSeconds(10)).until(() -> states.isEmpty() && window.get().epochs().size() == 2);
        assertThat(redis.aclLog()).isEmpty();
        assertThat(redis.configGet("notify-keyspace-events").get("notify-keyspace-events")).isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedClearlyAndNeverShown() {
        startServer("");
        String wrong = "Wr0ng-" + PASSWORD;
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            followBoth(readerUri(wrong), Duration.ofMillis(200));
            await().atMost(Duration.ofSeconds(10)).until(() -> statuses.stream().anyMatch(s -> s.state() == ConnectionState.DOWN)
                    && epochs.status() != null && epochs.status().state() == ConnectionState.DOWN);
        } finally {
            System.setErr(original);
        }
        SourceStatus down = statuses.stream().filter(s -> s.state() == ConnectionState.DOWN).findFirst().orElseThrow();
        assertThat(down.message()).containsAnyOf("WRONGPASS", "NOAUTH", "invalid username-password");
        assertThat(down.nextRetry()).isNotNull();
        assertThat(statuses).allSatisfy(s -> assertThat(String.valueOf(s)).doesNotContain(wrong).doesNotContain(PASSWORD));
        assertThat(String.valueOf(epochs.status())).doesNotContain(wrong);
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("WARN").doesNotContain(wrong).doesNotContain(PASSWORD);
        assertThat(states).isEmpty();
    }

    /** Copies everything written to two streams. */
    private static final class TeeStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
