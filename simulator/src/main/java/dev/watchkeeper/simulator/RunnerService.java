package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.runner.ExecutorInfo;
import dev.watchkeeper.connectors.proto.runner.GetExecutorRequest;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsRequest;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsResponse;
import dev.watchkeeper.connectors.proto.runner.RunnerGrpc;
import dev.watchkeeper.connectors.proto.runner.StartExecutorRequest;
import dev.watchkeeper.connectors.proto.runner.StartExecutorResponse;
import dev.watchkeeper.connectors.proto.runner.StopExecutorRequest;
import dev.watchkeeper.connectors.proto.runner.StopExecutorResponse;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The upstream runner's {@code runner.Runner}. As with streams, the simulated coordinator owns
 * every executor: StartExecutor/StopExecutor answer UNIMPLEMENTED.
 */
final class RunnerService extends RunnerGrpc.RunnerImplBase {

    static final String OWNED = "executors are managed by the simulated coordinator; use indexer.IndexerOperations/Restart";

    private final Simulation simulation;

    RunnerService(Simulation simulation) {
        this.simulation = simulation;
    }

    @Override
    public void listExecutors(ListExecutorsRequest request, StreamObserver<ListExecutorsResponse> out) {
        out.onNext(simulation.readAll(all -> {
            ListExecutorsResponse.Builder b = ListExecutorsResponse.newBuilder();
            for (SimIndexer ix : all) {
                if (ix.executorActive) {
                    b.addExecutors(Details.executor(ix));
                }
            }
            return b.build();
        }));
        out.onCompleted();
    }

    @Override
    public void getExecutor(GetExecutorRequest request, StreamObserver<ExecutorInfo> out) {
        IndexerId id = new IndexerId(request.getAccountId(), request.getFunctionName());
        ExecutorInfo info = simulation.read(id, ix -> ix.executorActive ? Details.executor(ix) : null);
        if (info == null) {
            out.onError(Status.NOT_FOUND.withDescription("Executor not found").asRuntimeException());
        } else {
            out.onNext(info);
            out.onCompleted();
        }
    }

    @Override
    public void startExecutor(StartExecutorRequest request, StreamObserver<StartExecutorResponse> out) {
        out.onError(Status.UNIMPLEMENTED.withDescription(OWNED).asRuntimeException());
    }

    @Override
    public void stopExecutor(StopExecutorRequest request, StreamObserver<StopExecutorResponse> out) {
        out.onError(Status.UNIMPLEMENTED.withDescription(OWNED).asRuntimeException());
    }
}
