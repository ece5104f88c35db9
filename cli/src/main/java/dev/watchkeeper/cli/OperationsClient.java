package dev.watchkeeper.cli;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.watchkeeper.connectors.grpc.CallFailure;
import dev.watchkeeper.connectors.proto.indexer.DeleteRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.OperationResponse;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Repair, Restart and Delete through Watchkeeper's {@code indexer.IndexerOperations} extension.
 * An upstream coordinator answers UNIMPLEMENTED, which surfaces as a {@link CallFailure} of kind
 * UNIMPLEMENTED. Interim: replaced by the connectors' command gateway once it lands.
 */
final class OperationsClient {

    private final ManagedChannel channel;
    private final String endpoint;
    private final Duration deadline;

    OperationsClient(ManagedChannel channel, String endpoint, Duration deadline) {
        this.channel = channel;
        this.endpoint = "coordinator " + endpoint;
        this.deadline = deadline;
    }

    CompletableFuture<OperationResponse> repair(IndexerId id) {
        return call("Repair", stub().repair(request(id)));
    }

    CompletableFuture<OperationResponse> restart(IndexerId id) {
        return call("Restart", stub().restart(request(id)));
    }

    CompletableFuture<OperationResponse> delete(IndexerId id, String reason) {
        return call("Delete", stub().delete(DeleteRequest.newBuilder()
                .setAccountId(id.accountId()).setFunctionName(id.functionName()).setReason(reason).build()));
    }

    private IndexerOperationsGrpc.IndexerOperationsFutureStub stub() {
        return IndexerOperationsGrpc.newFutureStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static IndexerRequest request(IndexerId id) {
        return IndexerRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build();
    }

    private CompletableFuture<OperationResponse> call(String what, ListenableFuture<OperationResponse> future) {
        CompletableFuture<OperationResponse> out = new CompletableFuture<>();
        Futures.addCallback(future, new FutureCallback<>() {
            @Override
            public void onSuccess(OperationResponse result) {
                out.complete(result);
            }

            @Override
            public void onFailure(Throwable t) {
                out.completeExceptionally(CallFailure.from(t, what, endpoint, deadline));
            }
        }, MoreExecutors.directExecutor());
        return out;
    }
}
