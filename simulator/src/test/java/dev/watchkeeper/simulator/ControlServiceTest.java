package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.connectors.proto.blockstreamer.BlockStreamerGrpc;
import dev.watchkeeper.connectors.proto.blockstreamer.GetStreamRequest;
import dev.watchkeeper.connectors.proto.blockstreamer.ProcessingState;
import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.runner.ExecutionState;
import dev.watchkeeper.connectors.proto.runner.GetExecutorRequest;
import dev.watchkeeper.connectors.proto.runner.RunnerGrpc;
import dev.watchkeeper.connectors.proto.sim.ChaosRequest;
import dev.watchkeeper.connectors.proto.sim.ChurnRequest;
import dev.watchkeeper.connectors.proto.sim.ClearRequest;
import dev.watchkeeper.connectors.proto.sim.FaultKind;
import dev.watchkeeper.connectors.proto.sim.FaultRequest;
import dev.watchkeeper.connectors.proto.sim.SimulatorControlGrpc;
import dev.watchkeeper.connectors.proto.sim.StatsRequest;
import dev.watchkeeper.connectors.proto.sim.StatsResponse;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** Fault control over gRPC and scenario files, with every service sharing one port. */
class ControlServiceTest {

    private static LocalRedisServer server;
    private static ControlPlane plane;
    private static ManagedChannel channel;

    @BeforeAll
    static void start() {
        server = LocalRedisServer.start();
        plane = ControlPlane.start(server.uri(), Ports.singlePort(0), SimConfig.defaults().withIndexers(30).withTimeFactor(100)
                .withInitialSuspendedShare(0).withProjectsPerEpoch(10));
        channel = Channels.plaintext(plane.coordinatorTarget());
    }

    @AfterAll
    static void stop() {
        channel.shutdownNow();
        plane.close();
        server.close();
    }

    private static SimulatorControlGrpc.SimulatorControlBlockingStub control() {
        return SimulatorControlGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static ProcessingState streamHealth(IndexerId id) {
        return BlockStreamerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).getStream(GetStreamRequest.newBuilder()
                .setAccountId(id.accountId()).setFunctionName(id.functionName()).build()).getHealth().getProcessingState();
    }

    private static ExecutionState executorHealth(IndexerId id) {
        return RunnerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).getExecutor(GetExecutorRequest.newBuilder()
                .setAccountId(id.accountId()).setFunctionName(id.functionName()).build()).getHealth().getExecutionState();
    }

    @Test
    void everyServiceAnswersOnTheOnePort() {
        assertThat(plane.blockStreamerTarget()).isEqualTo(plane.coordinatorTarget());
        assertThat(plane.runnerTarget()).isEqualTo(plane.coordinatorTarget());
        assertThat(plane.controlTarget()).isEqualTo(plane.coordinatorTarget());
        IndexerId id = plane.indexers(LifecycleState.RUNNING).get(20);
        assertThat(executorHealth(id)).isNotEqualTo(ExecutionState.UNSPECIFIED);
        StatsResponse stats = control().stats(StatsRequest.getDefaultInstance());
        assertThat(stats.getIndexers()).isEqualTo(30);
        assertThat(stats.getAvailableProcessors()).isPositive();
    }

    @Test
    void faultsInjectedOverGrpcShowInTheUpstreamApis() {
        IndexerId id = plane.indexers().get(0);
        control().inject(FaultRequest.newBuilder().setKind(FaultKind.STALL_STREAM)
                .setAccountId(id.accountId()).setFunctionName(id.functionName()).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> streamHealth(id) == ProcessingState.STALLED);
        control().clear(ClearRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> streamHealth(id) == ProcessingState.RUNNING);

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> control().inject(FaultRequest.newBuilder()
                .setKind(FaultKind.EXECUTOR_FAILING).setAccountId("nobody.near").setFunctionName("x").build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void aKilledCoordinatorOnASharedPortAnswersUnavailableWhileTheOtherServicesWork() {
        control().inject(FaultRequest.newBuilder().setKind(FaultKind.KILL_COORDINATOR).build());
        try {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                    () -> IndexerManagerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).list(Empty.getDefaultInstance()));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(executorHealth(plane.indexers().get(21))).isNotEqualTo(ExecutionState.UNSPECIFIED);
        } finally {
            control().inject(FaultRequest.newBuilder().setKind(FaultKind.REVIVE_COORDINATOR).build());
        }
        assertThat(IndexerManagerGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .list(Empty.getDefaultInstance()).getIndexersCount()).isPositive();
    }

    @Test
    void chaosAndChurnAreControlledOverGrpc() {
        control().chaos(ChaosRequest.newBuilder().setSeed(5).setFaultsPerSecond(50).build());
        await().atMost(Duration.ofSeconds(20)).until(() -> plane.faults().chaosLog().size() >= 5);
        control().chaos(ChaosRequest.newBuilder().setSeed(5).setFaultsPerSecond(0).build());
        control().clear(ClearRequest.getDefaultInstance());

        long before = plane.stateChanges().total();
        control().setChurn(ChurnRequest.newBuilder().setChangesPerSecond(200).build());
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> plane.stateChanges().total() > before + 100);
        } finally {
            control().setChurn(ChurnRequest.newBuilder().setChangesPerSecond(0).build());
        }
        assertThat(catchThrowableOfType(StatusRuntimeException.class, () -> control().setChurn(
                ChurnRequest.newBuilder().setChangesPerSecond(-1).build())).getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aScenarioPlaysItsStepsAtScaledTimes() {
        IndexerId failing = plane.indexers().get(25);
        IndexerId repairing = plane.indexers().get(26);
        // 30 and 60 upstream seconds: 0.3 and 0.6 s at time factor 100
        plane.play(Scenario.parse("30s executor-failing #25\n60s fail-provisioning " + repairing.fullName()));
        await().atMost(Duration.ofSeconds(20)).until(() -> executorHealth(failing) == ExecutionState.FAILING);
        await().atMost(Duration.ofSeconds(20)).until(() -> plane.lifecycle(repairing).orElseThrow() == LifecycleState.REPAIRING);
    }
}
