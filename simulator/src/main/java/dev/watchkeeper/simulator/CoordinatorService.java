package dev.watchkeeper.simulator;

import dev.watchkeeper.connectors.proto.indexer.DisableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.EnableIndexerResponse;
import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerState;
import dev.watchkeeper.connectors.proto.indexer.ListIndexersResponse;
import dev.watchkeeper.model.IndexerId;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import java.util.regex.Pattern;

/** The upstream coordinator's {@code indexer.IndexerManager}, with upstream's error codes and texts. */
final class CoordinatorService extends IndexerManagerGrpc.IndexerManagerImplBase {

    /** NEAR account ID rules: 2-64 chars of lowercase letters, digits and -_. separators. */
    private static final Pattern ACCOUNT_ID = Pattern.compile("^(([a-z\\d]+[-_])*[a-z\\d]+\\.)*([a-z\\d]+[-_])*[a-z\\d]+$");

    private final Simulation simulation;

    CoordinatorService(Simulation simulation) {
        this.simulation = simulation;
    }

    @Override
    public void enable(IndexerRequest request, StreamObserver<EnableIndexerResponse> out) {
        IndexerId id = validate(request, out);
        if (id != null && found(simulation.setEnabled(id, true), out)) {
            out.onNext(EnableIndexerResponse.newBuilder().setSuccess(true).build());
            out.onCompleted();
        }
    }

    @Override
    public void disable(IndexerRequest request, StreamObserver<DisableIndexerResponse> out) {
        IndexerId id = validate(request, out);
        if (id != null && found(simulation.setEnabled(id, false), out)) {
            out.onNext(DisableIndexerResponse.newBuilder().setSuccess(true).build());
            out.onCompleted();
        }
    }

    @Override
    public void list(Empty request, StreamObserver<ListIndexersResponse> out) {
        ListIndexersResponse.Builder b = ListIndexersResponse.newBuilder();
        for (SimIndexer ix : simulation.registered()) {
            b.addIndexers(IndexerState.newBuilder().setAccountId(ix.id.accountId())
                    .setFunctionName(ix.id.functionName()).setEnabled(ix.enabled));
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    private static IndexerId validate(IndexerRequest r, StreamObserver<?> out) {
        String account = r.getAccountId();
        if (account.length() < 2 || account.length() > 64 || !ACCOUNT_ID.matcher(account).matches()) {
            out.onError(Status.INVALID_ARGUMENT.withDescription("Invalid account ID").asRuntimeException());
            return null;
        }
        return new IndexerId(account, r.getFunctionName());
    }

    private static boolean found(boolean found, StreamObserver<?> out) {
        if (!found) {
            out.onError(Status.NOT_FOUND.withDescription("Indexer not found").asRuntimeException());
        }
        return found;
    }
}
