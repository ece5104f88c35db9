package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.grpc.CallFailure;
import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.connectors.grpc.CoordinatorClient;
import dev.watchkeeper.connectors.grpc.OperationsClient;
import dev.watchkeeper.connectors.grpc.RetryPolicy;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one command to the coordinator, once: Suspend/Unsuspend through upstream's
 * Disable/Enable, the others through the operator extension. Never retries.
 */
final class Coordinator implements AutoCloseable {

    /** What the coordinator said. {@code failure} is null when it accepted the command. */
    record Answer(boolean accepted, String message, CallFailure failure) {
    }

    private final ManagedChannel channel;
    private final CoordinatorClient upstream;
    private final OperationsClient operations;
    private final Duration deadline;

    Coordinator(Endpoint endpoint) {
        try {
            this.channel = Channels.build(endpoint).channel();
        } catch (RuntimeException e) {
            throw CliFailure.usage("cannot use coordinator " + endpoint.target() + ": " + e.getMessage());
        }
        this.deadline = endpoint.deadline();
        this.upstream = new CoordinatorClient(channel, endpoint.target(), deadline, false);
        // Sent once: the CLI never retries a command, Restart included (the shared default retries it).
        this.operations = new OperationsClient(channel, endpoint.target(), deadline, false, null, RetryPolicy.NEVER,
                Duration.ofMinutes(1), Clock.systemUTC());
    }

    Answer send(CommandKind kind, IndexerId id, String reason) {
        CompletableFuture<Answer> call = switch (kind) {
            case SUSPEND -> upstream.disable(id).thenApply(ok -> flag(ok));
            case UNSUSPEND -> upstream.enable(id).thenApply(ok -> flag(ok));
            case REPAIR -> operations.repair(id).thenApply(Coordinator::answer);
            case RESTART -> operations.restart(id).thenApply(Coordinator::answer);
            case DELETE -> operations.delete(id, reason).thenApply(Coordinator::answer);
        };
        try {
            // gRPC enforces the deadline; the extra second only guards against a lost callback.
            return call.get(deadline.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof CallFailure f) {
                return new Answer(false, f.getMessage(), f);
            }
            return new Answer(false, cause.getMessage(), new CallFailure(CallFailure.Kind.OUTCOME_UNKNOWN,
                    io.grpc.Status.Code.UNKNOWN, kind.label() + " failed: " + cause.getMessage(), cause));
        } catch (TimeoutException e) {
            return new Answer(false, "no answer", new CallFailure(CallFailure.Kind.OUTCOME_UNKNOWN,
                    io.grpc.Status.Code.DEADLINE_EXCEEDED, "no answer to " + kind.label() + "; outcome unknown", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }

    private static Answer flag(Boolean ok) {
        return Boolean.TRUE.equals(ok) ? new Answer(true, null, null) : new Answer(false, "coordinator answered success=false", null);
    }

    private static Answer answer(OperationsClient.Outcome r) {
        String msg = r.message() == null || r.message().isEmpty() ? null : r.message();
        return r.accepted() ? new Answer(true, msg, null) : new Answer(false, msg == null ? "coordinator did not accept it" : msg, null);
    }

    @Override
    public void close() {
        upstream.close();
        operations.close();
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
