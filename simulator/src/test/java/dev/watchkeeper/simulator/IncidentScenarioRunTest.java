package dev.watchkeeper.simulator;

import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.LifecycleState;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The named incident scenarios played live: what a console would read from Redis and the workers' gRPC. */
class IncidentScenarioRunTest {

    private static LocalRedisServer server;
    private static ControlPlane plane;
    private static RedisClient client;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void start() {
        server = LocalRedisServer.start();
        // 100x: an epoch every 12 upstream seconds takes 120 ms, a 120 s health check 1.2 s, the lake's 10 min 6 s.
        plane = ControlPlane.start(server.uri(), 0, SimConfig.defaults().withIndexers(80).withTimeFactor(100)
                .withInitialSuspendedShare(0).withProjectsPerEpoch(300).withEpochInterval(Duration.ofSeconds(12)));
        client = RedisClient.create(server.uri());
        redis = client.connect().sync();
        await().atMost(Duration.ofSeconds(20)).until(() -> plane.indexers(LifecycleState.RUNNING).size() >= 60);
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        plane.close();
        server.close();
    }

    private static long stalledStreams() {
        return plane.indexers().stream().map(plane::streamState).filter(s -> s.isPresent() && s.get().equals("STALLED")).count();
    }

    private static long stalledExecutors() {
        return plane.indexers().stream().map(plane::executorState).filter(s -> s.isPresent() && s.get().equals("STALLED")).count();
    }

    @Test
    void aLakeOutageStallsFortyStreamsThenTheyRecover() {
        plane.playIncident(IncidentScenario.LAKE_OUTAGE, Duration.ZERO, 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> stalledStreams() >= 40);
        await().atMost(Duration.ofSeconds(40)).until(() -> stalledStreams() == 0);
    }

    @Test
    void aRunnerHostDyingStallsTwentyFiveExecutorsThenTheyAreRestarted() {
        plane.playIncident(IncidentScenario.RUNNER_HOST_DOWN, Duration.ZERO, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> stalledExecutors() >= 25);
        await().atMost(Duration.ofSeconds(20)).until(() -> stalledExecutors() == 0);
    }

    @Test
    void aPoolerRpcTimeoutFailsSnapshotBuildForTwoHundredProjectsOfOneEpochWithTheHelpersError() {
        long before = plane.pooler().currentEpoch();
        plane.playIncident(IncidentScenario.POOLER_RPC_TIMEOUT, Duration.ZERO, 3);
        // the scenario fails "the next epoch" when its scheduler runs it: an epoch may be released
        // between reading the current one here and that moment (it did on a loaded machine)
        long failedEpoch = await().atMost(Duration.ofSeconds(10)).until(() -> java.util.stream.LongStream.rangeClosed(before + 1, before + 2)
                .filter(e -> redis.hvals(PoolerSnapshotter.stateKey(e, "SNAPSHOT_BUILD")).stream()
                        .anyMatch(v -> v.contains("RPC_GET_EVENT_LOGS_ERROR")))
                .findFirst().orElse(-1), e -> e > 0);
        String key = PoolerSnapshotter.stateKey(failedEpoch, "SNAPSHOT_BUILD");
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.hlen(key) >= 300);
        Map<String, String> build = redis.hgetall(key);
        long rpcFailures = build.values().stream().filter(v -> v.contains("\"status\": \"failed\"")
                && v.contains("RPC_GET_EVENT_LOGS_ERROR") && v.contains("Read timed out")).count();
        assertThat(rpcFailures).isEqualTo(200);
        // A failed project stops there, like upstream: no later state for it in that epoch.
        String failedProject = build.entrySet().stream().filter(e -> e.getValue().contains("RPC_GET_EVENT_LOGS_ERROR"))
                .findFirst().orElseThrow().getKey();
        String later = PoolerSnapshotter.stateKey(failedEpoch, "SNAPSHOT_SUBMIT_PAYLOAD_COMMIT");
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(later) == 1);
        assertThat(redis.hexists(later, failedProject)).isFalse();
    }

    @Test
    void scenariosNameTheirMistakes() {
        assertThatThrownBy(() -> IncidentScenario.parse("lake")).hasMessageContaining("unknown incident scenario 'lake'")
                .hasMessageContaining("lake-outage, runner-host-down, pooler-rpc-timeout");
        assertThatThrownBy(() -> IncidentScenario.LAKE_OUTAGE.plan(1, 39)).hasMessageContaining("needs 40 streams, the fleet has 39");
        assertThatThrownBy(() -> Scenario.parse("10s incident meteor")).hasMessageContaining("line 1").hasMessageContaining("unknown incident scenario");
        assertThat(Scenario.parse("10s incident lake-outage").steps()).singleElement()
                .satisfies(s -> assertThat(s.action()).isEqualTo(Scenario.Action.INCIDENT));
    }
}
