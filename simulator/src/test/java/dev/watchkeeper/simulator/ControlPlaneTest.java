package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerState;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        redisServer = LocalRedisServer.start();
        plane = ControlPlane.start(redisServer.uri(), 0, SimConfig.defaults().withIndexers(50).withTimeFactor(10));
        client = RedisClient.create(redisServer.uri());
        redis = client.connect().sync();
        channel = Channels.plaintext(plane.coordinatorTarget());
    }

    /** The upstream IndexerManager API, as a coordinator client speaks it. */
    private static IndexerManagerGrpc.IndexerManagerBlockingStub coordinator() {
        return IndexerManagerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static IndexerRequest request(IndexerId id) {
        return IndexerRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build();
    }

    @AfterAll
    static void stop() {
        Channels.close(channel);
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
        IndexerState first = coordinator().list(Empty.getDefaultInstance()).getIndexersList().stream()
                .filter(IndexerState::getEnabled).findFirst().orElseThrow();
        IndexerId id = new IndexerId(first.getAccountId(), first.getFunctionName());
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get(id.stateKey()).contains("\"Running\""));

        assertThat(coordinator().disable(request(id)).getSuccess()).isTrue();
        // Upstream's Disable writes enabled=false at once; the lifecycle loop follows.
        assertThat(redis.get(id.stateKey())).contains("\"enabled\":false");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get(id.stateKey()).contains("\"lifecycle_state\":\"Suspended\""));

        assertThat(coordinator().enable(request(id)).getSuccess()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.get(id.stateKey()).contains("\"lifecycle_state\":\"Running\""));
        assertThat(coordinator().list(Empty.getDefaultInstance()).getIndexersList())
                .anyMatch(s -> s.getAccountId().equals(id.accountId()) && s.getFunctionName().equals(id.functionName()) && s.getEnabled());
    }

    @Test
    void answersWithUpstreamsErrors() {
        assertThatThrownBy(() -> coordinator().disable(request(new IndexerId("nobody.near", "none"))))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("NOT_FOUND").hasMessageContaining("Indexer not found");
        assertThatThrownBy(() -> coordinator().disable(request(new IndexerId("Not An Account!", "f"))))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("Invalid account ID");
    }
}
