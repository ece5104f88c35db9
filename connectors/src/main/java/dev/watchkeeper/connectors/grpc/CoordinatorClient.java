package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.indexer.Empty;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's upstream {@code indexer.IndexerManager} API. Every call carries a deadline
 * (upstream List can hang forever). Enable, Disable and List are idempotent and are retried on
 * UNAVAILABLE within that deadline. Results complete on gRPC's threads, never the caller's.
 */
public final class CoordinatorClient implements AutoCloseable {

    /** One indexer as the coordinator's registry lists it. */
    public record Registered(IndexerId id, boolean enabled) {
    }

    private final ManagedChannel channel;
    private final UnaryCalls.Target target;
    private final boolean ownsChannel;
    private final RetryPolicy retry;

    public CoordinatorClient(ManagedChannel channel, String endpoint, Duration deadline, boolean ownsChannel) {
        this(channel, endpoint, deadline, ownsChannel, null, RetryPolicy.IDEMPOTENT);
    }

    /**
     * @param tracker confirmed on every successful call (null for none)
     * @param retry   used for Enable, Disable and List (all idempotent)
     */
    public CoordinatorClient(ManagedChannel channel, String endpoint, Duration deadline, boolean ownsChannel,
                             SourceTracker tracker, RetryPolicy retry) {
        this.channel = channel;
        this.target = new UnaryCalls.Target("coordinator " + endpoint, deadline,
                "an upstream coordinator has no operator extension", tracker);
        this.ownsChannel = ownsChannel;
        this.retry = retry;
    }

    /** A client with its own channel built from {@code endpoint} (TLS, token and deadline as set there). */
    public static CoordinatorClient open(Endpoint endpoint) {
        return new CoordinatorClient(Channels.build(endpoint).channel(), endpoint.target(), endpoint.deadline(), true, null, RetryPolicy.IDEMPOTENT);
    }

    /** A plaintext client for {@code host:port}. */
    public static CoordinatorClient plaintext(String target, Duration deadline) {
        return new CoordinatorClient(Channels.plaintext(target), target, deadline, true);
    }

    private IndexerManagerGrpc.IndexerManagerFutureStub stub(Duration remaining) {
        return IndexerManagerGrpc.newFutureStub(channel).withDeadlineAfter(remaining.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Unsuspend. Completes with the server's success flag, or fails with a {@link CallFailure}. */
    public CompletableFuture<Boolean> enable(IndexerId id) {
        return UnaryCalls.call(target, "Enable", retry, d -> stub(d).enable(request(id)), r -> r.getSuccess());
    }

    /** Suspend. Completes with the server's success flag, or fails with a {@link CallFailure}. */
    public CompletableFuture<Boolean> disable(IndexerId id) {
        return UnaryCalls.call(target, "Disable", retry, d -> stub(d).disable(request(id)), r -> r.getSuccess());
    }

    public CompletableFuture<List<Registered>> list() {
        return UnaryCalls.call(target, "List", retry, d -> stub(d).list(Empty.getDefaultInstance()), r -> r.getIndexersList().stream()
                .map(s -> new Registered(new IndexerId(s.getAccountId(), s.getFunctionName()), s.getEnabled()))
                .toList());
    }

    static IndexerRequest request(IndexerId id) {
        return IndexerRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build();
    }

    @Override
    public void close() {
        if (ownsChannel) {
            Channels.close(channel);
        }
    }
}
