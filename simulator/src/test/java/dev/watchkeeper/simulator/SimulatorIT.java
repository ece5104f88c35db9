package dev.watchkeeper.simulator;

import dev.watchkeeper.demo.redis.LocalRedisServer;

import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.proto.blockstreamer.BlockStreamerGrpc;
import dev.watchkeeper.connectors.proto.blockstreamer.GetStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.ListStreamsRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.StreamInfo;
import dev.watchkeeper.connectors.proto.indexer.DeleteRequest;
import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerDetail;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.OperationResponse;
import dev.watchkeeper.connectors.proto.runner.ExecutorInfo;
import dev.watchkeeper.connectors.proto.runner.GetExecutorRequest;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsRequest;
import dev.watchkeeper.connectors.proto.runner.RunnerGrpc;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** A shared demo stack at time factor 100 (an upstream minute in 0.6 s), with stubs for each service. */
abstract class SimulatorIT {

    static final Duration WAIT = Duration.ofSeconds(20);

    static LocalRedisServer redisServer;
    static ControlPlane demo;
    static RedisClient redisClient;
    static RedisCommands<String, String> redis;
    static ManagedChannel coordinatorChannel;
    static ManagedChannel streamerChannel;
    static ManagedChannel runnerChannel;
    private static final AtomicInteger NEXT = new AtomicInteger();

    static void startStack(SimConfig config) {
        // what the console's demo runs: a private Redis and the control plane on it
        redisServer = LocalRedisServer.start();
        demo = ControlPlane.start(redisServer.uri(), Ports.any(), config);
        demo.redisRestarter(redisServer::restart);
        redisClient = RedisClient.create(redisServer.uri());
        redis = redisClient.connect().sync();
        coordinatorChannel = Channels.plaintext(demo.coordinatorTarget());
        streamerChannel = Channels.plaintext(demo.blockStreamerTarget());
        runnerChannel = Channels.plaintext(demo.runnerTarget());
    }

    @AfterAll
    static void stop() {
        coordinatorChannel.shutdownNow();
        streamerChannel.shutdownNow();
        runnerChannel.shutdownNow();
        redisClient.shutdown();
        demo.close();
        demo = null;
        redisServer.close();
    }

    static IndexerOperationsGrpc.IndexerOperationsBlockingStub ops() {
        return IndexerOperationsGrpc.newBlockingStub(coordinatorChannel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    static IndexerManagerGrpc.IndexerManagerBlockingStub manager() {
        return IndexerManagerGrpc.newBlockingStub(coordinatorChannel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    static BlockStreamerGrpc.BlockStreamerBlockingStub streamer() {
        return BlockStreamerGrpc.newBlockingStub(streamerChannel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    static RunnerGrpc.RunnerBlockingStub runner() {
        return RunnerGrpc.newBlockingStub(runnerChannel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    static IndexerRequest request(IndexerId id) {
        return IndexerRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build();
    }

    /** A Running indexer no other test has used (faults of one test never leak into another). */
    static IndexerId freshRunningIndexer() {
        List<IndexerId> all = demo.indexers();
        while (true) {
            IndexerId id = all.get(NEXT.getAndIncrement() % all.size());
            if (demo.lifecycle(id).orElse(null) == LifecycleState.RUNNING
                    && demo.executorState(id).isPresent()) {
                return id;
            }
        }
    }

    static String state(IndexerId id) {
        return redis.get(id.stateKey());
    }

    static void awaitLifecycle(IndexerId id, String wire) {
        await().atMost(WAIT).until(() -> {
            String json = state(id);
            return json != null && json.contains("\"lifecycle_state\":\"" + wire + "\"");
        });
    }

    static StreamInfo stream(IndexerId id) {
        return streamer().getStream(GetStreamRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build());
    }

    static ExecutorInfo executor(IndexerId id) {
        return runner().getExecutor(GetExecutorRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build());
    }

    static IndexerDetail detail(IndexerId id) {
        return ops().get(request(id));
    }

    static OperationResponse delete(IndexerId id, String reason) {
        return ops().delete(DeleteRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName())
                .setReason(reason).build());
    }

    static Status.Code codeOf(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("the call fails").isNotNull();
        return e.getStatus().getCode();
    }

    static String messageOf(Runnable call) {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::run);
        assertThat(e).as("the call fails").isNotNull();
        return e.getStatus().getDescription();
    }

    static int listedStreams() {
        return streamer().listStreams(ListStreamsRequest.getDefaultInstance()).getStreamsCount();
    }

    static int listedExecutors() {
        return runner().listExecutors(ListExecutorsRequest.getDefaultInstance()).getExecutorsCount();
    }

    static int registeredUpstream() {
        return manager().list(Empty.getDefaultInstance()).getIndexersCount();
    }
}
