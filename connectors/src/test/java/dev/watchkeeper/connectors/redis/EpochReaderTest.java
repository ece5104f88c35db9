package dev.watchkeeper.connectors.redis;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.StateUpdate;
import dev.watchkeeper.model.epoch.StateUpdate.Status;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Against a real redis-server, with fixtures in the pooler snapshotter's exact formats. */
class EpochReaderTest extends EpochReaderFixture {

    @Test
    void readOnceReturnsTheNewestEpochsAndSaysWhyWhenRedisIsDown() {
        RedisCommands<String, String> redis = startReleased(3);
        redis.hset("epochID:3:stateID:SNAPSHOT_BUILD:processingStatus", "broken", "{not json");

        EpochWindow w = EpochReader.readOnce(new RedisSettings(server.uri(), Duration.ofSeconds(2), NS), Duration.ofSeconds(10));

        assertThat(w.epochs()).extracting(Epoch::epochId).containsExactly(3L, 2L, 1L);
        assertThat(w.epochs().getFirst().states().get("SNAPSHOT_BUILD")).filteredOn(u -> u.projectId().equals("broken"))
                .singleElement().satisfies(u -> assertThat(u.status()).isEqualTo(Status.UNKNOWN));

        String dead = "redis://127.0.0.1:" + LocalRedisServer.freePort();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EpochReader.readOnce(RedisSettings.of(dead), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class).hasMessageMatching("(?s).*\\S.*");
    }

    /**
     * The window names each project in every state of every epoch: each ID is held once, however
     * many epochs, states and re-reads name it (a copy per entry of the window before).
     */
    @Test
    void eachProjectIdIsHeldOnceAcrossTheWindow() {
        RedisCommands<String, String> redis = startReleased(3);
        follow(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> epoch(3) != null && update(epoch(3), "SNAPSHOT_FINALIZE", PAIR) != null);
        redis.hset("epochID:3:stateID:SNAPSHOT_BUILD:processingStatus", AGG, ok(T0 + 99)); // a re-read of one hash
        await().atMost(Duration.ofSeconds(10)).until(() -> update(epoch(3), "SNAPSHOT_BUILD", AGG).timestamp() == T0 + 99);

        java.util.Set<String> pairIds = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (long e = 1; e <= 3; e++) {
            for (String state : List.of("SNAPSHOT_BUILD", "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", "SNAPSHOT_FINALIZE")) {
                pairIds.add(update(epoch(e), state, PAIR).projectId());
            }
        }
        assertThat(pairIds).hasSize(1);
        assertThat(update(epoch(3), "SNAPSHOT_BUILD", AGG).projectId()).isSameAs(update(epoch(1), "SNAPSHOT_BUILD", AGG).projectId());
    }

    /**
     * At connect the newest epochs are read and handed over first, so the timeline can be drawn
     * before the whole window is read; the whole window follows, the same newest epochs in it.
     * Only a first look: readOnce (the CLI) still answers with the whole window.
     */
    @Test
    void theNewestEpochsComeFirstThenTheWholeWindow() {
        RedisCommands<String, String> redis = startReleased(40);
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<EpochWindow> newest = new AtomicReference<>();
        reader = new EpochReader(new RedisSettings(server.uri(), Duration.ofSeconds(2), NS), new ControlPlaneListener() {
            @Override
            public void onNewestEpochs(EpochWindow window, int olderToCome) {
                newest.set(window);
                heard.add("newest " + window.epochs().size() + " + " + olderToCome);
            }

            @Override
            public void onEpochs(EpochWindow window) {
                shown.set(window);
                heard.add("whole " + window.epochs().size());
            }
        });
        reader.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null);
        assertThat(heard).startsWith("newest 5 + 25", "whole 30");
        assertThat(newest.get().epochs()).extracting(Epoch::epochId).containsExactly(40L, 39L, 38L, 37L, 36L);
        assertThat(shown.get().epochs().subList(0, 5)).isEqualTo(newest.get().epochs());
        assertThat(EpochReader.readOnce(new RedisSettings(server.uri(), Duration.ofSeconds(2), NS), Duration.ofSeconds(10)).epochs())
                .hasSize(30);
    }

    /** Each state's updates in project-ID order, as the views and the CLI list them, whatever projects each state holds. */
    @Test
    void eachStatesUpdatesComeInProjectIdOrder() {
        RedisCommands<String, String> redis = start(List.of());
        release(redis, 1);
        java.util.Random r = new java.util.Random(5);
        for (String state : List.of("SNAPSHOT_BUILD", "SNAPSHOT_FINALIZE")) {
            for (int i = 0; i < 60; i++) {
                int p = r.nextInt(200);
                redis.hset("epochID:1:stateID:" + state + ":processingStatus", "pairContract_pair_total_reserves:0x" + p + ":" + NS, ok(T0 + p));
            }
        }

        EpochWindow w = EpochReader.readOnce(new RedisSettings(server.uri(), Duration.ofSeconds(2), NS), Duration.ofSeconds(10));

        var states = w.epochs().getFirst().states();
        assertThat(states.get("SNAPSHOT_BUILD")).hasSizeGreaterThan(30);
        assertThat(states.get("SNAPSHOT_FINALIZE")).hasSizeGreaterThan(30);
        assertThat(states).allSatisfy((state, updates) -> assertThat(updates)
                .isSortedAccordingTo(java.util.Comparator.comparing(dev.watchkeeper.model.epoch.StateUpdate::projectId))
                .extracting(dev.watchkeeper.model.epoch.StateUpdate::projectId).doesNotHaveDuplicates());
    }

    @Test
    void readsTheLatestThirtyEpochsWithEveryStateAndTheLiveness() {
        RedisCommands<String, String> redis = start(List.of());
        for (long e = 100; e <= 135; e++) {
            release(redis, e);
        }
        redis.hset("epochID:135:stateID:RELAYER_SEND:processingStatus", PAIR,
                "{\"status\": \"failed\", \"error\": \"relayer returned 502\", \"extra\": null, \"timestamp\": 1692534650}");
        redis.hset("epochID:135:stateID:SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT:processingStatus", PAIR, ok(T0));
        redis.hset("epochID:135:stateID:SNAPSHOT_BUILD:processingStatus", "broken:0x1:UNISWAPV2", "{\"status\": \"succ");
        redis.set("snapshotterActiveStatus:" + NS, "1");
        redis.set("lastEpochDetectedTimestamp:" + NS, Long.toString(T0 + 4050));

        follow(Duration.ofMillis(200));

        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null);
        EpochWindow w = shown.get();
        assertThat(w.epochs()).hasSize(EpochReader.WINDOW);
        assertThat(w.epochs().getFirst().epochId()).isEqualTo(135);
        assertThat(w.epochs().getLast().epochId()).isEqualTo(106);
        assertThat(w.active()).isTrue();
        assertThat(w.lastEpochDetectedAt()).isEqualTo(T0 + 4050);
        assertThat(w.namespace()).isEqualTo(NS);

        Epoch e = epoch(135);
        assertThat(e.releasedAt()).isEqualTo(T0 + 135 * 30);
        assertThat(e.states()).containsKeys("PRELOAD", "SNAPSHOT_BUILD", "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", "RELAYER_SEND",
                "SNAPSHOT_FINALIZE", "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT");
        assertThat(update(e, "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", PAIR).error()).isNull();
        assertThat(update(e, "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", PAIR).problem()).isNull();
        assertThat(update(e, "RELAYER_SEND", PAIR).failed()).isTrue();
        assertThat(update(e, "RELAYER_SEND", PAIR).error()).isEqualTo("relayer returned 502");
        assertThat(update(e, "SNAPSHOT_FINALIZE", PAIR).snapshotCid()).isEqualTo("bafkreicid135");
        assertThat(update(e, "SNAPSHOT_SUBMIT_PROTOCOL_CONTRACT", PAIR).status()).isEqualTo(Status.SUCCESS);
        assertThat(update(e, "PRELOAD", "pairContract_pair_total_reserves").status()).isEqualTo(Status.SUCCESS);
        // the malformed entry is marked and its neighbours are all there
        StateUpdate broken = update(e, "SNAPSHOT_BUILD", "broken:0x1:UNISWAPV2");
        assertThat(broken.status()).isEqualTo(Status.UNKNOWN);
        assertThat(broken.problem()).startsWith("malformed JSON");
        assertThat(e.states().get("SNAPSHOT_BUILD")).hasSize(3);
        assertThat(update(e, "SNAPSHOT_BUILD", AGG).status()).isEqualTo(Status.SUCCESS);
    }

    @Test
    void aChangeToOneEpochLeavesTheOtherEpochsAsTheyWereEmitted() {
        RedisCommands<String, String> redis = startReleased(30);
        follow(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null && shown.get().epochs().size() == 30);
        Epoch before = epoch(10);
        Epoch changedBefore = epoch(30);

        redis.hset("epochID:30:stateID:SNAPSHOT_BUILD:processingStatus", AGG,
                "{\"status\": \"failed\", \"error\": \"rpc timeout\", \"extra\": null, \"timestamp\": 1692530800}");
        await().atMost(Duration.ofSeconds(10)).until(() -> update(epoch(30), "SNAPSHOT_BUILD", AGG).failed());

        // consumers (the timeline, the incident rules) compare epochs by identity first: an unchanged
        // epoch must be the same value, not an equal copy sorted again from thousands of updates
        assertThat(epoch(10)).isSameAs(before);
        assertThat(epoch(30)).isNotSameAs(changedBefore);
        assertThat(update(epoch(30), "SNAPSHOT_BUILD", PAIR)).isEqualTo(update(changedBefore, "SNAPSHOT_BUILD", PAIR));
    }

    @Test
    void pollingFollowsNewEpochsExpiryChangesAndLiveness() {
        RedisCommands<String, String> redis = startReleased(30);
        redis.set("snapshotterActiveStatus:" + NS, "1");
        follow(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null && shown.get().epochs().size() == 30);
        assertThat(reader.mode()).isEqualTo("polling every 0.2 s");

        // epoch 31 released: upstream deletes the keys of epoch 1
        release(redis, 31);
        redis.del(keysOf(redis, 1));
        redis.set("snapshotterActiveStatus:" + NS, "0");
        await().atMost(Duration.ofSeconds(10)).until(() -> epoch(31) != null && epoch(1) == null
                && Boolean.FALSE.equals(shown.get().active()));
        assertThat(shown.get().epochs()).hasSize(30);

        // an older epoch gets a late entry (the pooler writes one field per project): picked up when
        // the rotation reaches its hash (150 hashes, 2 a round: 15 s at 0.2 s), from the hash's length
        String late = "aggregate_7d_top_pairs_lite:9f0e:UNISWAPV2";
        redis.hset("epochID:5:stateID:SNAPSHOT_BUILD:processingStatus", late,
                "{\"status\": \"failed\", \"error\": \"rpc timeout\", \"extra\": null, \"timestamp\": 1692530800}");
        await().atMost(Duration.ofSeconds(40)).until(() -> update(epoch(5), "SNAPSHOT_BUILD", late) != null
                && update(epoch(5), "SNAPSHOT_BUILD", late).failed());
        // an entry of a newest epoch rewritten in place (same length): the full round reads those whole
        redis.hset("epochID:31:stateID:SNAPSHOT_BUILD:processingStatus", AGG,
                "{\"status\": \"failed\", \"error\": \"rpc timeout\", \"extra\": null, \"timestamp\": 1692530800}");
        await().atMost(Duration.ofSeconds(10)).until(() -> update(epoch(31), "SNAPSHOT_BUILD", AGG).failed());
        assertThat(reader.status().lastConfirmed()).isNotNull();
    }

    @Test
    void followsKeyspaceNotificationsLive() {
        RedisCommands<String, String> redis = start(List.of("--notify-keyspace-events", "KEA"));
        for (long e = 1; e <= 3; e++) {
            release(redis, e);
        }
        // a long poll interval proves the changes arrive by notification
        follow(Duration.ofMinutes(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null && shown.get().epochs().size() == 3);
        assertThat(reader.mode()).contains("keyspace notifications");

        release(redis, 4);
        redis.hset("epochID:1:stateID:SNAPSHOT_BUILD:processingStatus", AGG,
                "{\"status\": \"failed\", \"error\": \"rpc timeout\", \"extra\": null, \"timestamp\": 1692530800}");
        redis.del(keysOf(redis, 2));
        redis.set("lastEpochDetectedTimestamp:" + NS, "1692531000");
        await().atMost(Duration.ofSeconds(5)).until(() -> epoch(4) != null && epoch(2) == null
                && update(epoch(1), "SNAPSHOT_BUILD", AGG).failed()
                && Long.valueOf(1692531000L).equals(shown.get().lastEpochDetectedAt()));
        // a state ID this console has never heard of, in a new hash
        redis.hset("epochID:4:stateID:SNAPSHOT_SUBMIT_RELAYER:processingStatus", PAIR, ok(T0));
        await().atMost(Duration.ofSeconds(5)).until(() -> epoch(4).states().containsKey("SNAPSHOT_SUBMIT_RELAYER"));
    }

    @Test
    void emitsOnlyWhenSomethingChanged() {
        RedisCommands<String, String> redis = start(List.of());
        release(redis, 1);
        follow(Duration.ofMillis(100));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null);
        int first = emissions.get();
        var seen = reader.status().lastConfirmed();
        // several successful rounds later, nothing changed and nothing was emitted
        await().atMost(Duration.ofSeconds(5)).until(() -> reader.status().lastConfirmed().isAfter(seen.plusMillis(400)));
        assertThat(emissions.get()).isEqualTo(first);
        redis.set("epochID:1:epochReleased", "1692530700");
        await().atMost(Duration.ofSeconds(5)).until(() -> epoch(1).releasedAt() == 1692530700L);
        assertThat(emissions.get()).isEqualTo(first + 1);
    }

    @Test
    void restartedRedisIsReadAgainAndExpiredEpochsAreGone() {
        RedisCommands<String, String> redis = startReleased(3);
        follow(Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get() != null && shown.get().epochs().size() == 3);

        server.restart();
        RedisCommands<String, String> fresh = client.connect().sync();
        release(fresh, 3);
        release(fresh, 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> shown.get().epochs().size() == 2
                && epoch(4) != null && epoch(1) == null && reader.isConnected());
        assertThat(reader.status().message()).isNull();
    }

    @Test
    void fullReadOfThirtyEpochsOfTwoThousandProjectsInFiveStatesIsFast() throws Exception {
        start(List.of());
        RedisAsyncCommands<String, String> async = client.connect().async();
        String[] states = {"PRELOAD", "SNAPSHOT_BUILD", "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT", "RELAYER_SEND", "SNAPSHOT_FINALIZE"};
        List<RedisFuture<?>> writes = new ArrayList<>();
        for (long e = 1; e <= 30; e++) {
            writes.add(async.set("epochID:" + e + ":epochReleased", Long.toString(T0 + e * 30)));
            for (String s : states) {
                Map<String, String> fields = new HashMap<>();
                for (int p = 0; p < 2000; p++) {
                    fields.put("pairContract_pair_total_reserves:0x" + String.format("%040x", p) + ":UNISWAPV2",
                            s.equals("SNAPSHOT_FINALIZE")
                                    ? "{\"status\": \"success\", \"error\": null, \"extra\": {\"snapshot_cid\": \"bafkrei" + p + "\"}, \"timestamp\": " + (T0 + e * 30 + 9) + "}"
                                    : ok(T0 + e * 30 + p % 20)); // projects finish over ~20 s, as upstream
                }
                writes.add(async.hset("epochID:" + e + ":stateID:" + s + ":processingStatus", fields));
            }
        }
        for (RedisFuture<?> f : writes) {
            f.get(30, TimeUnit.SECONDS);
        }

        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        follow(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> shown.get() != null);
        long fullMs = (System.nanoTime() - t0) / 1_000_000;
        long cpuMs = (os.getProcessCpuTime() - cpu0) / 1_000_000;
        EpochWindow w = shown.get();
        assertThat(w.epochs()).hasSize(30);
        assertThat(w.epochs()).allSatisfy(e -> {
            assertThat(e.states()).hasSize(5);
            e.states().values().forEach(l -> assertThat(l).hasSize(2000));
        });
        System.out.println("EPOCH-PERF full read of 30 epochs x 5 states x 2000 projects (300,000 entries): " + fullMs
                + " ms wall, " + cpuMs + " ms CPU of this JVM, load average " + os.getSystemLoadAverage());
        // generous: the build machine is shared; the measured number goes to the report
        assertThat(fullMs).isLessThan(60_000);
    }

    private static String[] keysOf(RedisCommands<String, String> redis, long epoch) {
        return redis.keys("epochID:" + epoch + ":*").toArray(String[]::new);
    }
}
