package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.sim.ChaosRequest;
import dev.watchkeeper.connectors.proto.sim.ChurnRequest;
import dev.watchkeeper.connectors.proto.sim.ClearRequest;
import dev.watchkeeper.connectors.proto.sim.ControlResponse;
import dev.watchkeeper.connectors.proto.sim.FaultRequest;
import dev.watchkeeper.connectors.proto.sim.SimulatorControlGrpc;
import dev.watchkeeper.connectors.proto.sim.StatsRequest;
import dev.watchkeeper.connectors.proto.sim.StatsResponse;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.time.Duration;

/** {@code watchkeeper.sim.SimulatorControl}: the fault API over gRPC, for standalone runs. */
final class ControlService extends SimulatorControlGrpc.SimulatorControlImplBase {

    private final Faults faults;
    private final ControlPlane plane;

    ControlService(Faults faults, ControlPlane plane) {
        this.faults = faults;
        this.plane = plane;
    }

    @Override
    public void inject(FaultRequest r, StreamObserver<ControlResponse> out) {
        try {
            switch (r.getKind()) {
                case STALL_STREAM -> faults.stallStream(indexer(r.getAccountId(), r.getFunctionName()));
                case EXECUTOR_FAILING -> faults.executorFailing(indexer(r.getAccountId(), r.getFunctionName()));
                case EXECUTOR_STALLED -> faults.executorStalled(indexer(r.getAccountId(), r.getFunctionName()));
                case FAIL_PROVISIONING -> faults.failProvisioning(indexer(r.getAccountId(), r.getFunctionName()));
                case SLOW_COORDINATOR -> faults.slowCoordinator(Duration.ofMillis(r.getDelayMs()));
                case KILL_COORDINATOR -> faults.killCoordinator();
                case REVIVE_COORDINATOR -> faults.reviveCoordinator();
                case RESTART_REDIS -> faults.restartRedis();
                case SNAPSHOTTER_INACTIVE -> faults.snapshotterActive(false);
                case SNAPSHOTTER_ACTIVE -> faults.snapshotterActive(true);
                case FREEZE_STREAM_HEALTH -> faults.freezeStreamHealth(indexer(r.getAccountId(), r.getFunctionName()));
                case DELETE_IN_REGISTRY -> faults.deleteInRegistry(indexer(r.getAccountId(), r.getFunctionName()));
                case CORRUPT_STATE -> faults.corruptState(indexer(r.getAccountId(), r.getFunctionName()), Faults.MALFORMED_STATE);
                case DANGLING_MEMBER -> faults.danglingMember(indexer(r.getAccountId(), r.getFunctionName()));
                default -> {
                    out.onError(Status.INVALID_ARGUMENT.withDescription("Unknown fault kind " + r.getKind()).asRuntimeException());
                    return;
                }
            }
            ok(out, r.getKind().name());
        } catch (IllegalArgumentException e) {
            out.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            Requests.internal(out, e);
        }
    }

    private static IndexerId indexer(String account, String function) {
        return new IndexerId(account, function);
    }

    @Override
    public void clear(ClearRequest r, StreamObserver<ControlResponse> out) {
        try {
            if (r.getAccountId().isEmpty()) {
                faults.clearAll();
            } else {
                faults.clear(indexer(r.getAccountId(), r.getFunctionName()));
            }
            ok(out, "cleared");
        } catch (IllegalArgumentException e) {
            out.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    @Override
    public void chaos(ChaosRequest r, StreamObserver<ControlResponse> out) {
        if (r.getFaultsPerSecond() < 0 || Double.isNaN(r.getFaultsPerSecond())) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("faults_per_second must be >= 0").asRuntimeException());
            return;
        }
        faults.chaos(r.getSeed(), r.getFaultsPerSecond());
        ok(out, r.getFaultsPerSecond() > 0 ? "chaos on, seed " + r.getSeed() : "chaos off");
    }

    @Override
    public void setChurn(ChurnRequest r, StreamObserver<ControlResponse> out) {
        if (r.getChangesPerSecond() < 0 || Double.isNaN(r.getChangesPerSecond())) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("changes_per_second must be >= 0").asRuntimeException());
            return;
        }
        plane.churn(r.getChangesPerSecond());
        ok(out, "churn " + r.getChangesPerSecond() + "/s");
    }

    @Override
    public void stats(StatsRequest r, StreamObserver<StatsResponse> out) {
        SimStats s = plane.stats();
        out.onNext(StatsResponse.newBuilder().setIndexers(s.indexers()).setTotalStateChanges(s.totalStateChanges())
                .setStateChangesPerSecond(s.stateChangesPerSecond()).setProcessCpuLoad(s.processCpuLoad())
                .setCurrentEpoch(s.currentEpoch()).setAvailableProcessors(s.availableProcessors()).build());
        out.onCompleted();
    }

    private static void ok(StreamObserver<ControlResponse> out, String message) {
        out.onNext(ControlResponse.newBuilder().setOk(true).setMessage(message).build());
        out.onCompleted();
    }
}
