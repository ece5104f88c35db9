package dev.watchkeeper.connectors.commands;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import dev.watchkeeper.connectors.grpc.CallFailure;
import dev.watchkeeper.connectors.proto.indexer.DeleteRequest;
import dev.watchkeeper.connectors.proto.indexer.IndexerManagerGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerOperationsGrpc;
import dev.watchkeeper.connectors.proto.indexer.IndexerRequest;
import dev.watchkeeper.connectors.proto.indexer.ListPageRequest;
import dev.watchkeeper.connectors.proto.indexer.OperationResponse;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Commands over gRPC: Suspend/Unsuspend are the upstream IndexerManager's Disable/Enable; Repair,
 * Restart and Delete are our IndexerOperations extension. Every call carries the deadline. Only
 * Enable/Disable are retried, and only when the coordinator was unreachable (nothing was sent; both
 * are idempotent). Delete, Repair and Restart are sent exactly once.
 */
public final class GrpcCommandGateway implements CommandGateway {

    static final int ENABLE_DISABLE_ATTEMPTS = 3;
    private static final long RETRY_PAUSE_MS = 200;

    private final ManagedChannel channel;
    private final Duration deadline;
    private final String endpoint;
    private final boolean readOnly;

    /**
     * @param readOnly the session is read-only: {@link #send} refuses every command without
     *                 touching the channel, whoever calls it
     */
    public GrpcCommandGateway(ManagedChannel channel, Duration deadline, boolean readOnly) {
        this.channel = channel;
        this.deadline = deadline;
        this.endpoint = "coordinator " + channel.authority();
        this.readOnly = readOnly;
    }

    @Override
    public String refusal() {
        return readOnly ? "this session is read-only" : null;
    }

    @Override
    public CompletableFuture<SendOutcome> send(CommandKind kind, IndexerId id, String reason) {
        if (readOnly) {
            return CompletableFuture.completedFuture(new SendOutcome(SendOutcome.Kind.UNIMPLEMENTED,
                    refusal() + ": " + kind.label() + " refused, nothing was sent"));
        }
        IndexerRequest request = IndexerRequest.newBuilder().setAccountId(id.accountId()).setFunctionName(id.functionName()).build();
        return switch (kind) {
            case SUSPEND -> withRetry(() -> call("Disable", manager().disable(request),
                    r -> r.getSuccess() ? SendOutcome.accepted("disabled") : refused()), ENABLE_DISABLE_ATTEMPTS);
            case UNSUSPEND -> withRetry(() -> call("Enable", manager().enable(request),
                    r -> r.getSuccess() ? SendOutcome.accepted("enabled") : refused()), ENABLE_DISABLE_ATTEMPTS);
            case REPAIR -> call("Repair", operations().repair(request), GrpcCommandGateway::operation);
            case RESTART -> call("Restart", operations().restart(request), GrpcCommandGateway::operation);
            case DELETE -> call("Delete", operations().delete(DeleteRequest.newBuilder()
                    .setAccountId(id.accountId()).setFunctionName(id.functionName())
                    .setReason(reason == null ? "" : reason).build()), GrpcCommandGateway::operation);
        };
    }

    /**
     * Asks whether the coordinator implements the operator extension (a one-item List page). An
     * upstream coordinator answers UNIMPLEMENTED: Repair, Restart and Delete are then unsupported,
     * with the reason. Fails with a {@link CallFailure} when the coordinator cannot be reached, so
     * the caller can try again later.
     */
    public CompletableFuture<Capabilities> probeCapabilities() {
        CompletableFuture<Capabilities> out = new CompletableFuture<>();
        Futures.addCallback(operations().list(ListPageRequest.newBuilder().setPageSize(1).build()), new FutureCallback<>() {
            @Override
            public void onSuccess(dev.watchkeeper.connectors.proto.indexer.ListPageResponse result) {
                out.complete(Capabilities.all());
            }

            @Override
            public void onFailure(Throwable t) {
                CallFailure f = CallFailure.from(t, "List", endpoint, deadline);
                switch (f.kind()) {
                    case UNIMPLEMENTED -> out.complete(upstreamOnly());
                    case UNREACHABLE, OUTCOME_UNKNOWN -> out.completeExceptionally(f);
                    // It answered something else (e.g. an internal error): the service exists.
                    default -> out.complete(Capabilities.all());
                }
            }
        }, MoreExecutors.directExecutor());
        return out;
    }

    private Capabilities upstreamOnly() {
        Map<CommandKind, String> m = new EnumMap<>(CommandKind.class);
        for (CommandKind k : new CommandKind[]{CommandKind.REPAIR, CommandKind.RESTART, CommandKind.DELETE}) {
            m.put(k, "the " + endpoint + " does not implement " + k.label()
                    + " (an upstream coordinator without Watchkeeper's operator extension)");
        }
        return new Capabilities(m, false, CoordinatorKind.UPSTREAM);
    }

    private IndexerManagerGrpc.IndexerManagerFutureStub manager() {
        return IndexerManagerGrpc.newFutureStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private IndexerOperationsGrpc.IndexerOperationsFutureStub operations() {
        return IndexerOperationsGrpc.newFutureStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static SendOutcome refused() {
        return new SendOutcome(SendOutcome.Kind.REJECTED, "the coordinator answered success=false");
    }

    private static SendOutcome operation(OperationResponse r) {
        String msg = r.getMessage().isBlank() ? "" : r.getMessage();
        if (!r.getAccepted()) {
            return new SendOutcome(SendOutcome.Kind.REJECTED, msg.isEmpty() ? "the coordinator did not accept it" : msg);
        }
        String state = r.getLifecycleState().isBlank() ? "" : "state " + r.getLifecycleState();
        return SendOutcome.accepted(msg.isEmpty() ? state : state.isEmpty() ? msg : msg + "; " + state);
    }

    private CompletableFuture<SendOutcome> withRetry(Supplier<CompletableFuture<SendOutcome>> attempt, int attemptsLeft) {
        return attempt.get().thenCompose(o -> {
            if (o.kind() != SendOutcome.Kind.NOT_SENT || attemptsLeft <= 1) {
                return CompletableFuture.completedFuture(o);
            }
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(RETRY_PAUSE_MS, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> withRetry(attempt, attemptsLeft - 1));
        });
    }

    private <R> CompletableFuture<SendOutcome> call(String what, ListenableFuture<R> future, Function<R, SendOutcome> map) {
        CompletableFuture<SendOutcome> out = new CompletableFuture<>();
        Futures.addCallback(future, new FutureCallback<>() {
            @Override
            public void onSuccess(R result) {
                out.complete(map.apply(result));
            }

            @Override
            public void onFailure(Throwable t) {
                CallFailure f = CallFailure.from(t, what, endpoint, deadline);
                SendOutcome.Kind kind = switch (f.kind()) {
                    case REJECTED, REFUSED -> SendOutcome.Kind.REJECTED;
                    case UNIMPLEMENTED -> SendOutcome.Kind.UNIMPLEMENTED;
                    case UNREACHABLE -> SendOutcome.Kind.NOT_SENT;
                    case OUTCOME_UNKNOWN -> SendOutcome.Kind.UNKNOWN;
                };
                out.complete(new SendOutcome(kind, f.getMessage()));
            }
        }, MoreExecutors.directExecutor());
        return out;
    }
}
