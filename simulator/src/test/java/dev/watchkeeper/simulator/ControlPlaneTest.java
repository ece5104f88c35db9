package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.grpc.CallFailure;
import dev.watchkeeper.connectors.grpc.CoordinatorClient;
import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.model.IndexerId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The simulated coordinator against a real Redis, driven through its real gRPC API. */
class ControlPlaneTest {

    private static final Pattern UPSTREAM_SHAPE = Pattern.compile(
            "\\{\"account_id\":\"[^\"]+\",\"function_name\":\"[^\"]+\",\"block_stream_synced_at\":(\\d+|null),"
                    + "\"enabled\":(true|false),\"lifecycle_state\":\"(Initializing|Running|Suspending|Suspended|Repairing|Deleting|Deleted)\"}");

    private static LocalRedisServer redisServer;
    private static ControlPlane plane;
    private static RedisClient client;
    private static RedisCommands<String, String> redis;
    private static CoordinatorClient coordinator;

    @BeforeAll
    static void start() {
        redisServer = LocalRedisServer.start();
        plane = ControlPlane.start(redisServer.uri(), 0, SimConfig.defaults().withIndexers(50).withTimeFactor(10));
        client = RedisClient.create(redisServer.uri());
        redis = client.connect().sync();
        coordinator = CoordinatorClient.plaintext(plane.coordinatorTarget(), Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        coordinator.close();
        client.shutdown();
        plane.close();
        redisServer.close();
    }

    @Test
    void writesEveryIndexerInUpstreamsExactJsonShape() {
        Set<String> keys = redis.smembers("indexer_states");
        assertThat(keys).hasSize(50).allMatch(k -> k.endsWith(":state"));
        for (String key : keys) {
            assertThat(redis.get(key)).matches(UPSTREAM_SHAPE);
        }
    }

    @Test
    void disableSuspendsThroughSuspendingAndEnableResumes() {
        IndexerId id = coordinator.list().join().stream().filter(CoordinatorClient.Registered::enabled).findFirst().orElseThrow().id();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get(id.stateKey()).contains("\"Running\""));

        assertThat(coordinator.disable(id).join()).isTrue();
        // Upstream's Disable writes enabled=false at once; the lifecycle loop follows.
        assertThat(redis.get(id.stateKey())).contains("\"enabled\":false");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get(id.stateKey()).contains("\"lifecycle_state\":\"Suspended\""));

        assertThat(coordinator.enable(id).join()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get(id.stateKey()).contains("\"lifecycle_state\":\"Running\""));
        assertThat(coordinator.list().join()).contains(new CoordinatorClient.Registered(id, true));
    }

    @Test
    void answersWithUpstreamsErrors() {
        assertThatThrownBy(() -> coordinator.disable(new IndexerId("nobody.near", "none")).join())
                .cause().isInstanceOfSatisfying(CallFailure.class, f -> assertThat(f.getMessage()).contains("Indexer not found"));
        assertThatThrownBy(() -> coordinator.disable(new IndexerId("Not An Account!", "f")).join())
                .cause().isInstanceOfSatisfying(CallFailure.class, f -> assertThat(f.getMessage()).contains("Invalid account ID"));
    }
}
