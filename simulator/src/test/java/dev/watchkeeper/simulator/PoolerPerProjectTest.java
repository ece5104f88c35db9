package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.connectors.local.CommandStats;
import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.connectors.redis.EpochReader;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.model.epoch.Epoch;
import dev.watchkeeper.model.epoch.EpochIndex;
import dev.watchkeeper.model.epoch.EpochStates;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.ProjectIds;
import dev.watchkeeper.model.epoch.ProjectLane;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pooler as upstream writes it (PowerLoom/pooler at 8e0cc0c): one HSET per project, failed
 * bulk builds as {@code {task_type}:{namespace}}, an older build's protocol-contract state, and
 * epoch N-30 deleted on each release; and the console's epoch reader following it in both modes.
 */
class PoolerPerProjectTest {

    private LocalRedisServer server;
    private ControlPlane plane;
    private RedisClient client;
    private RedisCommands<String, String> redis;
    private EpochReader reader;
    private final AtomicReference<EpochWindow> shown = new AtomicReference<>();

    @AfterEach
    void stop() {
        if (reader != null) {
            reader.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (plane != null) {
            plane.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** An epoch every 3 s (6 upstream seconds at factor 2): each state's projects written over 0.4 s. */
    private void start(boolean perProject, boolean olderBuild, int projects) {
        server = LocalRedisServer.start(LocalRedisServer.freePort(), List.of("--notify-keyspace-events", "KEA"));
        plane = ControlPlane.start(server.uri(), 0, SimConfig.defaults().withIndexers(10).withTimeFactor(2)
                .withProjectsPerEpoch(projects).withEpochInterval(Duration.ofSeconds(6))
                .withPoolerPerProjectWrites(perProject).withPoolerProtocolContractState(olderBuild));
        client = RedisClient.create(server.uri());
        redis = client.connect().sync();
        await().atMost(Duration.ofSeconds(30)).until(() -> releasedEpochs().size() >= 29);
    }

    private void follow(Duration poll) {
        reader = new EpochReader(new RedisSettings(server.uri(), poll, plane.snapshotterNamespace()), new ControlPlaneListener() {
            @Override
            public void onEpochs(EpochWindow window) {
                shown.set(window);
            }
        });
        reader.start();
    }

    private TreeSet<Long> releasedEpochs() {
        return redis.keys("epochID:*:epochReleased").stream().map(k -> Long.parseLong(k.split(":")[1]))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String key(long epoch, String state) {
        return "epochID:" + epoch + ":stateID:" + state + ":processingStatus";
    }

    private long fields(long epoch, List<String> states) {
        return states.stream().mapToLong(s -> redis.hlen(key(epoch, s))).sum();
    }

    /** Waits until epoch {@code e}'s last state has been written completely (the next release). */
    private void awaitDone(long e) {
        await().atMost(Duration.ofSeconds(20)).until(() -> releasedEpochs().last() > e);
    }

    @ParameterizedTest(name = "per-project writes: {0}")
    @ValueSource(booleans = {false, true})
    void aLiveEpochIsOneHsetPerProjectOnlyInPerProjectMode(boolean perProject) {
        start(perProject, false, 500);
        long e = releasedEpochs().last() + 1;
        await().atMost(Duration.ofSeconds(20)).until(() -> releasedEpochs().contains(e));
        Map<String, Long> before = CommandStats.calls(server.uri());
        awaitDone(e);
        Map<String, Long> after = CommandStats.calls(server.uri());

        long written = fields(e, plane.pooler().states());
        long hsets = CommandStats.between(before, after, "hset");
        assertThat(written).isGreaterThan(1_500);
        if (perProject) {
            // snapshot_worker.py and friends: hset(name=..., mapping={project_id: update}) per project
            assertThat(hsets).isGreaterThanOrEqualTo(written);
        } else {
            assertThat(hsets).isLessThanOrEqualTo(2L * plane.pooler().states().size());
        }
    }

    @Test
    void aFailedBulkBuildWritesItsTaskTypeNotItsProjects() {
        start(true, false, 300);
        long last = releasedEpochs().last() - 1;
        String ns = plane.snapshotterNamespace();
        long epoch = -1;
        String type = null;
        for (long e = last - 25; e <= last && type == null; e++) {
            type = plane.pooler().failedBatchType(e);
            epoch = e;
        }
        assertThat(type).as("about one epoch in %d has a failed bulk build", PoolerSnapshotter.BATCH_FAILURE_EVERY).isNotNull();

        Map<String, String> build = redis.hgetall(key(epoch, EpochStates.SNAPSHOT_BUILD));
        assertThat(build).containsKey(type + ":" + ns);
        assertThat(build.get(type + ":" + ns)).contains("\"status\": \"failed\"").contains("Exception in bulk mode");
        String failedType = type;
        assertThat(build.keySet()).filteredOn(f -> !ProjectIds.isBatchBuild(EpochStates.SNAPSHOT_BUILD, f))
                .noneMatch(f -> ProjectIds.typeOf(f).equals(failedType));
        assertThat(redis.hkeys(key(epoch, EpochStates.PRELOAD))).contains(type);
        assertThat(redis.hkeys(key(epoch, EpochStates.SNAPSHOT_FINALIZE))).noneMatch(f -> ProjectIds.typeOf(f).equals(failedType));
    }

    @Test
    void anOlderBuildWritesTheProtocolContractStateAndItsKeysAreDeletedWithTheEpoch() {
        start(true, true, 200);
        long e = releasedEpochs().last() - 1;
        Map<String, String> protocol = redis.hgetall(key(e, PoolerSnapshotter.PROTOCOL_CONTRACT));
        assertThat(protocol).isNotEmpty();
        assertThat(protocol.values()).allMatch(v -> v.contains("\"snapshotCid\": \"bafkrei"));
        long first = releasedEpochs().first();
        // processor_distributor.py _cleanup_older_epoch_status: every state's hash of N-30 goes with it
        await().atMost(Duration.ofSeconds(20)).until(() -> releasedEpochs().first() > first + 1);
        assertThat(redis.keys("epochID:" + first + ":*")).isEmpty();
        assertThat(releasedEpochs().size()).isBetween(29, 31);
    }

    @ParameterizedTest(name = "keyspace notifications: {0}, per-project writes: {1}")
    @CsvSource({"true, true", "false, true", "true, false", "false, false"})
    void theReaderShowsBatchFailuresApartAndStatesInTheirOrder(boolean notifications, boolean perProject) {
        start(perProject, true, 300);
        if (!notifications) {
            redis.configSet("notify-keyspace-events", "");
        }
        follow(Duration.ofMillis(500));
        await().atMost(Duration.ofSeconds(20)).until(() -> shown.get() != null && shown.get().epochs().size() == EpochReader.WINDOW);
        assertThat(reader.mode()).contains(notifications ? "keyspace notifications" : "polling");

        EpochWindow w = shown.get();
        List<Epoch> withBatchFailure = w.epochs().stream().filter(e -> !e.failedBatchBuilds().isEmpty()).toList();
        if (perProject) {
            assertThat(withBatchFailure).isNotEmpty().allSatisfy(e -> assertThat(e.failedBatchBuilds()).singleElement()
                    .satisfies(u -> assertThat(u.projectId()).isEqualTo(plane.pooler().failedBatchType(e.epochId()) + ":" + plane.snapshotterNamespace())));
        } else {
            // one HSET per hash, as before: no bulk-build failures in this mode
            assertThat(withBatchFailure).isEmpty();
        }
        EpochIndex index = EpochIndex.build(w);
        assertThat(index.lanes()).extracting(ProjectLane::projectId).allMatch(p -> p.split(":").length >= 3);
        // the older build's unknown state is drawn where its timestamps put it: before the finalization
        assertThat(index.stateIds()).containsSubsequence(EpochStates.RELAYER_SEND, PoolerSnapshotter.PROTOCOL_CONTRACT,
                EpochStates.SNAPSHOT_FINALIZE);
        // and new epochs keep coming, written a project at a time
        long newest = w.epochs().getFirst().epochId();
        await().atMost(Duration.ofSeconds(20)).until(() -> shown.get().epochs().getFirst().epochId() > newest + 1);
        Epoch done = shown.get().epochs().get(1);
        assertThat(done.states()).containsKey(EpochStates.SNAPSHOT_FINALIZE);
    }

    @Test
    void upstreamModeSwitchesOnPerProjectWrites() {
        assertThat(SimConfig.defaults().poolerPerProjectWrites()).isFalse();
        assertThat(SimConfig.defaults().withUpstream(true).poolerPerProjectWrites()).isTrue();
        assertThat(SimulatorMain.parse(new String[]{"--upstream"}).config().poolerPerProjectWrites()).isTrue();
        SimConfig older = SimulatorMain.parse(new String[]{"--pooler-per-project", "--pooler-older-build"}).config();
        assertThat(older.poolerPerProjectWrites()).isTrue();
        assertThat(older.poolerProtocolContractState()).isTrue();
        assertThat(older.upstream()).isFalse();
    }

    @Test
    void theReaderCostsAFewReadsASecondWhileThePoolerWritesAProjectAtATime() {
        start(true, false, 2_000);
        follow(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> shown.get() != null && shown.get().epochs().size() == EpochReader.WINDOW);
        // past the back-filled window, then eight seconds (two to three epochs) during which this
        // test sends Redis nothing but the two counts
        long backfilled = shown.get().epochs().getFirst().epochId();
        await().atMost(Duration.ofSeconds(20)).until(() -> shown.get().epochs().getFirst().epochId() > backfilled);
        long e = shown.get().epochs().getFirst().epochId();
        Map<String, Long> before = CommandStats.calls(server.uri());
        long t0 = System.nanoTime();
        await().pollDelay(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20)).until(() -> true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Long> after = CommandStats.calls(server.uri());

        long hsets = CommandStats.between(before, after, "hset");
        long reads = CommandStats.readsBetween(before, after);
        assertThat(hsets).as("per-project HSETs in %.1f s", seconds).isGreaterThan(5_000);
        // by design about one HGETALL a second per hash being written, plus a PING or a release;
        // a reader that re-read on every notification would send thousands
        assertThat(reads).as("reader commands in %.1f s while the pooler sent %d HSETs: %s", seconds, hsets,
                        CommandStats.deltas(before, after)).isLessThan((long) Math.ceil(seconds * 5));
        await().atMost(Duration.ofSeconds(10)).until(() -> shown.get().epochs().stream().anyMatch(x -> x.epochId() == e
                && x.states().containsKey(EpochStates.SNAPSHOT_FINALIZE)));
    }
}
