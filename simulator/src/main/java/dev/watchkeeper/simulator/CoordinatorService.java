package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.indexer.DisableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.EnableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerState;
import dev.watchkeeper.connectors.proto.indexer.ListIndexersResponse;
import dev.watchkeeper.model.IndexerId;
import io.grpc.stub.StreamObserver;

/** The upstream coordinator's {@code indexer.IndexerManager}, with upstream's error codes and texts. */
final class CoordinatorService extends IndexerManagerGrpc.IndexerManagerImplBase {

    private final Simulation simulation;

    CoordinatorService(Simulation simulation) {
        this.simulation = simulation;
    }

    @Override
    public void enable(IndexerRequest request, StreamObserver<EnableIndexerResponse> out) {
        IndexerId id = Requests.indexer(request.getAccountId(), request.getFunctionName(), out);
        if (id != null) {
            if (simulation.setEnabled(id, true)) {
                out.onNext(EnableIndexerResponse.newBuilder().setSuccess(true).build());
                out.onCompleted();
            } else {
                Requests.notFound(out);
            }
        }
    }

    @Override
    public void disable(IndexerRequest request, StreamObserver<DisableIndexerResponse> out) {
        IndexerId id = Requests.indexer(request.getAccountId(), request.getFunctionName(), out);
        if (id != null) {
            if (simulation.setEnabled(id, false)) {
                out.onNext(DisableIndexerResponse.newBuilder().setSuccess(true).build());
                out.onCompleted();
            } else {
                Requests.notFound(out);
            }
        }
    }

    @Override
    public void list(Empty request, StreamObserver<ListIndexersResponse> out) {
        // built on the simulation thread, so every entry is read consistently
        ListIndexersResponse response = simulation.readAll(all -> {
            ListIndexersResponse.Builder b = ListIndexersResponse.newBuilder();
            for (SimIndexer ix : all) {
                if (!Simulation.isDeleting(ix)) {
                    b.addIndexers(IndexerState.newBuilder().setAccountId(ix.id.accountId())
                            .setFunctionName(ix.id.functionName()).setEnabled(ix.enabled));
                }
            }
            return b.build();
        });
        out.onNext(response);
        out.onCompleted();
    }
}
