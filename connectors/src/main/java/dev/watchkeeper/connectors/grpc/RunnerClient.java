package dev.watchkeeper.connectors.grpc;

import dev.watchkeeper.connectors.proto.runner.ExecutorInfo;
import dev.watchkeeper.connectors.proto.runner.GetExecutorRequest;
import dev.watchkeeper.connectors.proto.runner.ListExecutorsRequest;
import dev.watchkeeper.connectors.proto.runner.RunnerGrpc;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;
import io.grpc.Status;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Reads the upstream runner (ListExecutors, GetExecutor), read-only, retried on UNAVAILABLE. */
public final class RunnerClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final UnaryCalls.Target target;
    private final boolean ownsChannel;
    private final RetryPolicy retry;

    public RunnerClient(ManagedChannel channel, String endpoint, Duration deadline, boolean ownsChannel,
                        SourceTracker tracker, RetryPolicy retry) {
        this.channel = channel;
        this.target = new UnaryCalls.Target("runner " + endpoint, deadline, "not a QueryAPI runner", tracker);
        this.ownsChannel = ownsChannel;
        this.retry = retry;
    }

    public static RunnerClient open(Endpoint endpoint) {
        return new RunnerClient(Channels.build(endpoint).channel(), endpoint.target(), endpoint.deadline(), true, null, RetryPolicy.IDEMPOTENT);
    }

    private RunnerGrpc.RunnerFutureStub stub(Duration remaining) {
        return RunnerGrpc.newFutureStub(channel).withDeadlineAfter(remaining.toNanos(), TimeUnit.NANOSECONDS);
    }

    public String label() {
        return target.label();
    }

    public CompletableFuture<List<ExecutorStatus>> listExecutors() {
        return UnaryCalls.call(target, "ListExecutors", retry, d -> stub(d).listExecutors(ListExecutorsRequest.getDefaultInstance()),
                r -> r.getExecutorsList().stream().map(RunnerClient::status).toList());
    }

    /** The indexer's executor; empty when it has none (NOT_FOUND). */
    public CompletableFuture<Optional<ExecutorStatus>> getExecutor(IndexerId id) {
        GetExecutorRequest r = GetExecutorRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build();
        return UnaryCalls.call(target, "GetExecutor", retry, d -> stub(d).getExecutor(r), RunnerClient::status)
                .thenApply(Optional::of)
                .exceptionallyCompose(e -> e.getCause() instanceof CallFailure f && f.code() == Status.Code.NOT_FOUND
                        ? CompletableFuture.completedFuture(Optional.empty()) : CompletableFuture.failedFuture(e.getCause() != null ? e.getCause() : e));
    }

    static ExecutorStatus status(ExecutorInfo e) {
        ExecutorHealth health = e.hasHealth() ? ExecutorHealth.fromProtoNumber(e.getHealth().getExecutionStateValue()) : ExecutorHealth.UNKNOWN;
        return new ExecutorStatus(new IndexerId(e.getAccountId(), e.getFunctionName()), e.getExecutorId(), e.getVersion(), health);
    }

    @Override
    public void close() {
        if (ownsChannel) {
            Channels.close(channel);
        }
    }
}
