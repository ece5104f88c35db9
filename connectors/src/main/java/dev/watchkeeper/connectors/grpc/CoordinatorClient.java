package dev.watchkeeper.connectors.grpc;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The coordinator's upstream {@code indexer.IndexerManager} API. Every call carries a deadline
 * (upstream List can hang forever). Results complete on gRPC's threads, never the caller's.
 */
public final class CoordinatorClient implements AutoCloseable {

    /** One indexer as the coordinator's registry lists it. */
    public record Registered(IndexerId id, boolean enabled) {
    }

    private final ManagedChannel channel;
    private final String endpoint;
    private final Duration deadline;
    private final boolean ownsChannel;

    public CoordinatorClient(ManagedChannel channel, String endpoint, Duration deadline, boolean ownsChannel) {
        this.channel = channel;
        this.endpoint = "coordinator " + endpoint;
        this.deadline = deadline;
        this.ownsChannel = ownsChannel;
    }

    /** A plaintext client for {@code host:port}. */
    public static CoordinatorClient plaintext(String target, Duration deadline) {
        return new CoordinatorClient(Channels.plaintext(target), target, deadline, true);
    }

    private IndexerManagerGrpc.IndexerManagerFutureStub stub() {
        return IndexerManagerGrpc.newFutureStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Unsuspend. Completes with the server's success flag, or fails with a {@link CallFailure}. */
    public CompletableFuture<Boolean> enable(IndexerId id) {
        return call("Enable", stub().enable(request(id)), r -> r.getSuccess());
    }

    /** Suspend. Completes with the server's success flag, or fails with a {@link CallFailure}. */
    public CompletableFuture<Boolean> disable(IndexerId id) {
        return call("Disable", stub().disable(request(id)), r -> r.getSuccess());
    }

    public CompletableFuture<List<Registered>> list() {
        return call("List", stub().list(Empty.getDefaultInstance()), r -> r.getIndexersList().stream()
                .map(s -> new Registered(new IndexerId(s.getAccountId(), s.getFunctionName()), s.getEnabled()))
                .toList());
    }

    static IndexerRequest request(IndexerId id) {
        return IndexerRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build();
    }

    private <R, T> CompletableFuture<T> call(String what, ListenableFuture<R> future, Function<R, T> map) {
        CompletableFuture<T> out = new CompletableFuture<>();
        Futures.addCallback(future, new FutureCallback<>() {
            @Override
            public void onSuccess(R result) {
                out.complete(map.apply(result));
            }

            @Override
            public void onFailure(Throwable t) {
                out.completeExceptionally(CallFailure.from(t, what, endpoint, deadline));
            }
        }, MoreExecutors.directExecutor());
        return out;
    }

    @Override
    public void close() {
        if (ownsChannel) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
