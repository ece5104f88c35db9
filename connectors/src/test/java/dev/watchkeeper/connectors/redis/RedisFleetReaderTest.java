package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.StateBatch;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Against a real redis-server on loopback. */
class RedisFleetReaderTest {

    private LocalRedisServer server;
    private RedisClient client;
    private RedisFleetReader reader;
    private final Map<IndexerId, IndexerState> shown = new ConcurrentHashMap<>();
    private final List<SourceStatus> statuses = new CopyOnWriteArrayList<>();
    private final List<StateBatch> batches = new CopyOnWriteArrayList<>();
    private final List<ProgressBatch> progressBatches = new CopyOnWriteArrayList<>();
    private final Map<IndexerId, Progress> progress = new ConcurrentHashMap<>();

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

    private RedisCommands<String, String> start(List<String> serverArgs) {
        server = LocalRedisServer.start(LocalRedisServer.freePort(), serverArgs);
        client = RedisClient.create(server.uri());
        StatefulRedisConnection<String, String> c = client.connect();
        return c.sync();
    }

    private void follow(Duration poll) {
        follow(poll, RedisFleetReader.PROGRESS_SWEEP);
    }

    private void follow(Duration poll, Duration sweep) {
        reader = new RedisFleetReader(RedisURI.create(server.uri()), poll, new dev.watchkeeper.connectors.ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                batches.add(batch);
                if (batch.fullSnapshot()) {
                    shown.clear();
                }
                batch.upserts().forEach(s -> shown.put(s.id(), s));
                batch.removed().forEach(shown::remove);
            }

            @Override
            public void onProgress(ProgressBatch batch) {
                progressBatches.add(batch);
                batch.items().forEach(p -> progress.put(p.id(), p));
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.add(status);
            }
        }).sweepEvery(sweep);
        reader.start();
    }

    private static void put(RedisCommands<String, String> redis, String account, String function, String json) {
        String key = account + "/" + function + ":state";
        redis.set(key, json);
        redis.sadd("indexer_states", key);
    }

    /** A Redis without keyspace events, {@code n} running indexers, followed by polling until every row and its progress are in. */
    private RedisCommands<String, String> pollFleet(String prefix, int n, Duration poll) {
        RedisCommands<String, String> redis = start(List.of());
        putRunningWithHeights(redis, prefix, n);
        follow(poll);
        await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() == n && shown.size() == n);
        return redis;
    }

    /** {@code n} Running indexers PREFIX0.near/f … with heights 100,000 + i. */
    private static void putRunningWithHeights(RedisCommands<String, String> redis, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            put(redis, prefix + i + ".near", "f", json(prefix + i + ".near", "f", true, "Running"));
            redis.set(prefix + i + ".near/f:last_published_block", Integer.toString(100_000 + i));
        }
    }

    private static String json(String account, String function, boolean enabled, String state) {
        return "{\"account_id\":\"" + account + "\",\"function_name\":\"" + function
                + "\",\"block_stream_synced_at\":null,\"enabled\":" + enabled + ",\"lifecycle_state\":\"" + state + "\"}";
    }

    @Test
    void loadsEveryIndexerAndOneBadKeyHidesNoGoodOne() {
        RedisCommands<String, String> redis = start(List.of());
        for (int i = 0; i < 2500; i++) {
            put(redis, "acc" + i + ".near", "f", json("acc" + i + ".near", "f", true, "Running"));
        }
        put(redis, "legacy.near", "old", json("legacy.near", "old", false, "Stopped"));
        put(redis, "broken.near", "f", "{\"account_id\":\"broken.near\",\"lifec");
        put(redis, "odd.near", "f", json("odd.near", "f", true, "Hibernating"));

        follow(Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 2503);
        assertThat(shown.get(new IndexerId("legacy.near", "old")).lifecycle()).isEqualTo(LifecycleState.SUSPENDED);
        assertThat(shown.get(new IndexerId("broken.near", "f")).isReadable()).isFalse();
        assertThat(shown.get(new IndexerId("odd.near", "f")).lifecycle()).isEqualTo(LifecycleState.UNKNOWN);
        assertThat(shown.get(new IndexerId("acc42.near", "f")).lifecycle()).isEqualTo(LifecycleState.RUNNING);
    }

    @Test
    void aStatesOnlyReaderReadsTheFleetOnceAndNeitherSubscribesNorReadsProgress() {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "K$gxet"));
        for (int i = 0; i < 50; i++) {
            put(redis, "acc" + i + ".near", "f", json("acc" + i + ".near", "f", true, "Running"));
            redis.set("acc" + i + ".near/f:last_published_block", "100");
        }
        reader = new RedisFleetReader(RedisURI.create(server.uri()), Duration.ofMillis(200), new dev.watchkeeper.connectors.ControlPlaneListener() {
            @Override
            public void onStates(StateBatch batch) {
                batches.add(batch);
                batch.upserts().forEach(st -> shown.put(st.id(), st));
            }

            @Override
            public void onProgress(ProgressBatch batch) {
                progressBatches.add(batch);
            }

            @Override
            public void onStatus(SourceStatus status) {
                statuses.add(status);
            }
        }).statesOnly();
        reader.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 50);
        assertThat(batches).singleElement().satisfies(b -> assertThat(b.fullSnapshot()).isTrue());
        await().atMost(Duration.ofSeconds(5)).until(() -> statuses.stream().anyMatch(st -> "read once".equals(st.mode())));
        // a one-shot look on a busy server takes no keyspace events (the console's reader does) and reads no progress
        assertThat(redis.pubsubNumpat()).isZero();
        assertThat(progressBatches).isEmpty();
    }

    @Test
    void withoutTheIndexerStatesSetFallsBackToScan() {
        RedisCommands<String, String> redis = start(List.of());
        redis.set("a.near/x y/z:state", json("a.near", "x y/z", true, "Running"));
        redis.set("b.near/f:state", json("b.near", "f", false, "Suspended"));
        redis.set("b.near/f:last_published_block", "100");

        follow(Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 2);
        assertThat(shown).containsKey(new IndexerId("a.near", "x y/z"));
    }

    @Test
    void pollsWhenTheServerHasNoKeyspaceNotificationsAndReportsRemovals() {
        RedisCommands<String, String> redis = start(List.of());
        put(redis, "a.near", "f", json("a.near", "f", true, "Running"));
        put(redis, "b.near", "f", json("b.near", "f", true, "Running"));

        follow(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 2);
        assertThat(reader.mode()).isEqualTo("polling every 0.2 s");

        redis.set("a.near/f:state", json("a.near", "f", false, "Suspending"));
        redis.del("b.near/f:state");
        redis.srem("indexer_states", "b.near/f:state");

        await().atMost(Duration.ofSeconds(5)).until(() ->
                shown.size() == 1 && shown.get(new IndexerId("a.near", "f")).lifecycle() == LifecycleState.SUSPENDING);
        // The console never touched the server's configuration.
        assertThat(redis.configGet("notify-keyspace-events").get("notify-keyspace-events")).isEmpty();
    }

    @Test
    void followsKeyspaceNotificationsLive() {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "K$g"));
        put(redis, "a.near", "f", json("a.near", "f", true, "Running"));

        // A long poll interval proves the change arrives by notification, not by polling.
        follow(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 1);
        assertThat(reader.mode()).contains("keyspace notifications");

        put(redis, "a.near", "f", json("a.near", "f", false, "Suspending"));
        put(redis, "c.near", "new", json("c.near", "new", true, "Initializing"));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                shown.size() == 2 && shown.get(new IndexerId("a.near", "f")).lifecycle() == LifecycleState.SUSPENDING);
        // Upstream never deletes a state key alone: a member left without its key is a row with a problem.
        redis.del("c.near/new:state");
        await().atMost(Duration.ofSeconds(5)).until(() -> shown.size() == 2 && shown.get(new IndexerId("c.near", "new")).isMissing());
        // This server publishes no set events ("K$g"): the removal of the member is still seen.
        redis.srem("indexer_states", "c.near/new:state");
        await().atMost(Duration.ofSeconds(5)).until(() -> shown.size() == 1);
        // States and progress are followed on connections of their own: a running fleet's progress
        // keys are named thousands of times a second, and a lifecycle change must not queue behind them.
        List<String> subscribers = redis.clientList().lines().filter(l -> l.contains(" psub=") && !l.contains(" psub=0 ")).toList();
        assertThat(subscribers).hasSize(2);
    }

    /**
     * A member swapped for another leaves the count alone, so the heartbeat's count check cannot see
     * it: only the notification for indexer_states itself does, a channel whose bytes are its pattern's.
     */
    @Test
    void aSwappedSetMemberIsSeenByItsNotificationWhenTheCountStaysTheSame() {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "K$gs"));
        put(redis, "a.near", "f", json("a.near", "f", true, "Running"));
        redis.sadd("indexer_states", "ghost.near/f:state"); // a member without its key: a row with a problem
        redis.set("d.near/f:state", json("d.near", "f", true, "Initializing")); // written before it joins the set

        follow(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 2);

        redis.multi();
        redis.srem("indexer_states", "ghost.near/f:state");
        redis.sadd("indexer_states", "d.near/f:state");
        redis.exec();

        await().atMost(Duration.ofSeconds(5)).until(() -> shown.containsKey(new IndexerId("d.near", "f"))
                && !shown.containsKey(new IndexerId("ghost.near", "f")) && shown.size() == 2);
    }

    @Test
    void aSetMemberWithoutItsStateKeyIsARowWithTheProblemInBothModes() {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "KEA"));
        put(redis, "a.near", "f", json("a.near", "f", true, "Running"));
        redis.sadd("indexer_states", "ghost.near/old indexer:state");

        follow(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 2);
        IndexerState ghost = shown.get(new IndexerId("ghost.near", "old indexer"));
        assertThat(ghost.isMissing()).isTrue();
        assertThat(ghost.problem()).isEqualTo(IndexerState.MISSING_PROBLEM);
        assertThat(ghost.lifecycleText()).isEqualTo("No state (key missing)");

        // live: a new dangling member arrives by the set's own event; a key written later heals it
        redis.sadd("indexer_states", "late.near/f:state");
        await().atMost(Duration.ofSeconds(5)).until(() -> shown.containsKey(new IndexerId("late.near", "f"))
                && shown.get(new IndexerId("late.near", "f")).isMissing());
        redis.set("late.near/f:state", json("late.near", "f", true, "Initializing"));
        await().atMost(Duration.ofSeconds(5)).until(() -> shown.get(new IndexerId("late.near", "f")).lifecycle() == LifecycleState.INITIALIZING);

        // polling finds the same
        reader.close();
        shown.clear();
        follow(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 3);
        assertThat(shown.get(new IndexerId("ghost.near", "old indexer")).isMissing()).isTrue();
    }

    @Test
    void resyncsFullyAfterRedisRestarts() {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "K$g"));
        put(redis, "a.near", "f", json("a.near", "f", true, "Running"));
        put(redis, "b.near", "f", json("b.near", "f", true, "Running"));
        follow(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 2);

        server.restart();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                statuses.stream().anyMatch(s -> s.state() == ConnectionState.RECONNECTING));

        // The restarted server lost b; a fresh value for a was written meanwhile.
        RedisCommands<String, String> fresh = client.connect().sync();
        put(fresh, "a.near", "f", json("a.near", "f", false, "Suspended"));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                shown.size() == 1 && shown.get(new IndexerId("a.near", "f")).lifecycle() == LifecycleState.SUSPENDED);
        // the status follows the resynced data at once
        await().atMost(Duration.ofSeconds(2)).until(() -> statuses.getLast().state() == ConnectionState.CONNECTED);
    }

    @Test
    void progressIsReadForEveryIndexerThenOnlyChangesAndBadValuesAreMarked() {
        RedisCommands<String, String> redis = start(List.of());
        putRunningWithHeights(redis, "p", 1500);
        redis.xadd("p0.near/f:block_stream", Map.of("block_height", "100000"));
        redis.xadd("p0.near/f:block_stream", Map.of("block_height", "100001"));
        redis.set("p1.near/f:last_published_block", "12ab");
        redis.set("p2.near/f:last_published_block", "-7");
        redis.set("p3.near/f:last_published_block", "99999999999999999999999999");
        redis.set("p4.near/f:block_stream", "not a stream");
        redis.del("p5.near/f:last_published_block");

        follow(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() == 1500);
        assertThat(progressBatches.getFirst().items()).hasSize(1500);
        assertThat(progress.get(new IndexerId("p0.near", "f")).queueDepth()).isEqualTo(2L);
        assertThat(progress.get(new IndexerId("p0.near", "f")).lastPublishedBlock()).isEqualTo(100_000L);
        assertThat(progress.get(new IndexerId("p1.near", "f")).problem()).contains("\"12ab\"");
        assertThat(progress.get(new IndexerId("p1.near", "f")).lastPublishedBlock()).isNull();
        assertThat(progress.get(new IndexerId("p2.near", "f")).problem()).contains("negative");
        assertThat(progress.get(new IndexerId("p3.near", "f")).problem()).contains("absurdly large");
        assertThat(progress.get(new IndexerId("p4.near", "f")).problem()).contains("block_stream cannot be read: WRONGTYPE");
        assertThat(progress.get(new IndexerId("p4.near", "f")).lastPublishedBlock()).isEqualTo(100_004L);
        assertThat(progress.get(new IndexerId("p5.near", "f")).lastPublishedBlock()).isNull();
        assertThat(progress.get(new IndexerId("p5.near", "f")).problem()).isNull();
        assertThat(progress.get(new IndexerId("p1499.near", "f")).lastPublishedBlock()).isEqualTo(101_499L);

        int before = progressBatches.size();
        redis.set("p7.near/f:last_published_block", "200000");
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(200_000).equals(progress.get(new IndexerId("p7.near", "f")).lastPublishedBlock()));
        assertThat(progressBatches.subList(before, progressBatches.size()))
                .allSatisfy(b -> assertThat(b.items()).extracting(Progress::id).containsOnly(new IndexerId("p7.near", "f")));
    }

    @Test
    void pollingReadsEveryIndexersStateAndProgressEachPollInSlicesNotAllAtOnce() {
        RedisCommands<String, String> redis = pollFleet("s", 800, Duration.ofMillis(400));

        int progressBefore = progressBatches.size();
        int statesBefore = batches.size();
        for (int i = 0; i < 800; i++) {
            redis.set("s" + i + ".near/f:last_published_block", Integer.toString(300_000 + i));
            redis.set("s" + i + ".near/f:state", json("s" + i + ".near", "f", false, "Suspended"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> progress.values().stream()
                .allMatch(p -> p.lastPublishedBlock() != null && p.lastPublishedBlock() >= 300_000)
                && shown.values().stream().allMatch(st -> st.lifecycle() == LifecycleState.SUSPENDED));
        // each slice hands on its own share: no batch holds the whole fleet's readings
        int slice = 800 / RedisFleetReader.POLL_SLICES;
        assertThat(progressBatches.subList(progressBefore, progressBatches.size()))
                .hasSizeGreaterThanOrEqualTo(RedisFleetReader.POLL_SLICES / 2)
                .allSatisfy(b -> assertThat(b.items().size()).isLessThanOrEqualTo(slice));
        assertThat(batches.subList(statesBefore, batches.size()))
                .hasSizeGreaterThanOrEqualTo(RedisFleetReader.POLL_SLICES / 2)
                .allSatisfy(b -> assertThat(b.upserts().size()).isLessThanOrEqualTo(slice));
    }

    /** Polling: a new indexer's progress comes with its state, not a poll or more after its row. */
    @Test
    void pollingReadsANewIndexersProgressWithItsState() {
        RedisCommands<String, String> redis = pollFleet("n", 200, Duration.ofSeconds(4));

        IndexerId fresh = new IndexerId("fresh.near", "f");
        redis.set("fresh.near/f:last_published_block", "123456");
        put(redis, "fresh.near", "f", json("fresh.near", "f", true, "Running"));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.containsKey(fresh));
        await("its progress, well within the 4 s poll").atMost(Duration.ofSeconds(1))
                .until(() -> progress.containsKey(fresh) && Long.valueOf(123_456).equals(progress.get(fresh).lastPublishedBlock()));
    }

    @Test
    void anIndexerDeletedAndCreatedAgainGetsItsProgressAgainInBothModes() {
        for (List<String> args : List.of(List.<String>of(), List.of("--notify-keyspace-events", "K$gxet"))) {
            tearDown();
            reader = null;
            shown.clear();
            progress.clear();
            RedisCommands<String, String> redis = start(args);
            putRunningWithHeights(redis, "r", 3);
            IndexerId id = new IndexerId("r1.near", "f");
            follow(Duration.ofMillis(200), Duration.ofMillis(600));
            await().atMost(Duration.ofSeconds(10)).until(() -> progress.containsKey(id) && shown.size() == 3);

            // deleted: the state goes, its progress keys stay as upstream leaves them
            redis.del("r1.near/f:state");
            redis.srem("indexer_states", "r1.near/f:state");
            await().atMost(Duration.ofSeconds(5)).until(() -> !shown.containsKey(id));
            progress.remove(id); // the console drops a removed row's progress with the row
            put(redis, "r1.near", "f", json("r1.near", "f", true, "Running"));
            await("progress of the indexer created again, server args " + args).atMost(Duration.ofSeconds(5)).until(() -> shown.containsKey(id)
                    && progress.containsKey(id) && Long.valueOf(100_001).equals(progress.get(id).lastPublishedBlock()));
        }
    }

    @Test
    void withNotificationsProgressIsReadOnlyForTheIndexersThatChangedAndAnIdleFleetCostsNoReads() {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "K$gxet"));
        putRunningWithHeights(redis, "q", 50);
        // A long poll interval: anything read after the first full read came from a notification.
        follow(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() == 50);
        long commandsBefore = commandsProcessed(redis);

        redis.set("q7.near/f:last_published_block", "200000");
        redis.xadd("q9.near/f:block_stream", Map.of("block_height", "100010"));
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(200_000).equals(progress.get(new IndexerId("q7.near", "f")).lastPublishedBlock())
                && Long.valueOf(1).equals(progress.get(new IndexerId("q9.near", "f")).queueDepth()));
        // the runner consumes: the stream shortens with no new height, and the queue depth follows
        redis.xtrim("q9.near/f:block_stream", 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> Long.valueOf(0).equals(progress.get(new IndexerId("q9.near", "f")).queueDepth()));
        assertThat(progressBatches.subList(1, progressBatches.size()))
                .allSatisfy(b -> assertThat(b.items()).extracting(p -> p.id().accountId()).isSubsetOf("q7.near", "q9.near"));

        // Nothing changes for a while: the reader sends its heartbeat (PING, SCARD) and nothing per indexer.
        long idleFrom = commandsProcessed(redis);
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(commandsProcessed(redis) - idleFrom).as("commands in 3 idle seconds").isLessThan(30);
        assertThat(idleFrom - commandsBefore).as("commands to read two changes").isLessThan(50);
    }

    @Test
    void withNotificationsAProgressChangeNeverAnnouncedIsFoundByTheRollingSweep() {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "K$gxet"));
        putRunningWithHeights(redis, "s", 20);
        follow(Duration.ofMinutes(10), Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(10)).until(() -> progress.size() == 20);
        // Redis stops announcing: the change below reaches the reader through the sweep alone
        redis.configSet("notify-keyspace-events", "");
        long before = commandsProcessed(redis);
        redis.set("s13.near/f:last_published_block", "300000");
        await().atMost(Duration.ofSeconds(8))
                .until(() -> Long.valueOf(300_000).equals(progress.get(new IndexerId("s13.near", "f")).lastPublishedBlock()));
        // a slice a second (7 indexers of 20 in a 3 s round, GET and XLEN each), not the whole fleet at once
        long sweepFrom = commandsProcessed(redis);
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> true);
        assertThat(commandsProcessed(redis) - sweepFrom).as("commands in 2 s of sweep and heartbeat").isBetween(10L, 40L);
        assertThat(sweepFrom - before).as("commands until the change was found").isLessThan(150);
    }

    @Test
    void aFullProgressReadLetsStateChangesThroughBetweenItsBatches() throws Exception {
        RedisCommands<String, String> redis = start(List.of());
        for (int i = 0; i < 2500; i++) {
            redis.set("r" + i + ".near/f:last_published_block", Integer.toString(100_000 + i));
        }
        ProgressReader reader = new ProgressReader();
        List<Integer> readSoFar = new java.util.ArrayList<>();
        List<IndexerId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            ids.add(new IndexerId("r" + i + ".near", "f"));
        }
        try (var connection = client.connect(io.lettuce.core.codec.RedisCodec.of(io.lettuce.core.codec.StringCodec.UTF8,
                io.lettuce.core.codec.ByteArrayCodec.INSTANCE))) {
            List<Progress> read = reader.read(connection.async(), ids, Duration.ofSeconds(5), () -> readSoFar.add(readSoFar.size()));
            assertThat(read).hasSize(2500);
        }
        assertThat(readSoFar).as("runs between the batches of 1,000, not after the last").hasSize(2);
    }

    /** The server's own count of the commands it ran (INFO stats), this test's INFO calls included. */
    private static long commandsProcessed(RedisCommands<String, String> redis) {
        String info = redis.info("stats");
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("total_commands_processed:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        throw new IllegalStateException("no total_commands_processed in INFO stats");
    }

    @Test
    void aFailingReadIsReportedAsAMessageAndTheReaderCarriesOn() {
        RedisCommands<String, String> redis = start(List.of());
        put(redis, "a.near", "f", json("a.near", "f", true, "Running"));
        follow(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 1);

        redis.del("indexer_states");
        redis.set("indexer_states", "this is not a set");
        await().atMost(Duration.ofSeconds(5)).until(() -> statuses.getLast().message() != null);
        SourceStatus s = statuses.getLast();
        assertThat(s.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(s.message()).contains("read failed", "WRONGTYPE");
        assertThat(shown).hasSize(1); // the last good data stays; its lastConfirmed stops moving
        java.time.Instant frozen = s.lastConfirmed();

        redis.del("indexer_states");
        put(redis, "a.near", "f", json("a.near", "f", true, "Running"));
        put(redis, "b.near", "f", json("b.near", "f", true, "Running"));
        await().atMost(Duration.ofSeconds(5)).until(() -> shown.size() == 2 && statuses.getLast().message() == null);
        assertThat(statuses.getLast().lastConfirmed()).isAfter(frozen);
    }

    @Test
    void nonUtf8StateValuesAreShownMarkedNextToGoodOnes() {
        RedisCommands<String, String> redis = start(List.of());
        put(redis, "good.near", "f", json("good.near", "f", true, "Running"));
        RedisClient bytesClient = RedisClient.create(server.uri());
        try {
            var raw = bytesClient.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE).sync();
            byte[] value = json("bad.near", "f", true, "Running").replace("Running", "Run\u00ffning").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            raw.set("bad.near/f:state".getBytes(), value);
            raw.sadd("indexer_states".getBytes(), "bad.near/f:state".getBytes());
        } finally {
            bytesClient.shutdown();
        }
        follow(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.size() == 2);
        IndexerState bad = shown.get(new IndexerId("bad.near", "f"));
        assertThat(bad.problem()).contains("not valid UTF-8");
        assertThat(bad.lifecycleText()).isEqualTo("Unknown (Run\uFFFDning)");
        assertThat(shown.get(new IndexerId("good.near", "f")).isReadable()).isTrue();
    }
}
