package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.commands.CommandGateway;
import dev.watchkeeper.connectors.commands.CommandOutcome;
import dev.watchkeeper.connectors.commands.CommandRunner;
import dev.watchkeeper.connectors.commands.GrpcCommandGateway;
import dev.watchkeeper.connectors.commands.SendOutcome;
import dev.watchkeeper.connectors.grpc.Channels;
import dev.watchkeeper.connectors.grpc.Endpoint;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.audit.AuditOutcome;
import io.grpc.ManagedChannel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one command kind over indexers with the console's {@link CommandRunner} (send once, then wait
 * until Redis shows the confirming state or {@code --timeout} passes; it writes the audit entries).
 * This class adds what only the CLI does: the read-only refusal, "already in that state, nothing
 * sent", the terminal messages and the exit codes.
 */
final class CommandRun {

    /** How the audit log tells the CLI's entries from the console's. */
    static final String AUDIT_PREFIX = "CLI: ";
    /** How often the observed state is checked while confirming (the fleet itself is polled every 500 ms or live). */
    private static final Duration CHECK_EVERY = Duration.ofMillis(100);

    /** A command handed to the runner. */
    private record Run(IndexerId id, Instant sentAt, CompletableFuture<CommandOutcome> outcome) {
    }

    private final CliCommand command;
    private final CommandKind kind;
    private final String reason;
    private final Endpoints endpoints;
    private final Duration timeout;
    /** What the coordinator answered, per indexer: tells an unreachable coordinator (exit 3) from other failures. */
    private final Map<IndexerId, SendOutcome> answers = new ConcurrentHashMap<>();
    private final Map<IndexerId, Instant> doneAt = new ConcurrentHashMap<>();
    private volatile FleetWatch fleet;
    private volatile CommandGateway gateway;
    private final CommandRunner runner;
    private int exit = ExitCodes.OK;

    CommandRun(CliCommand command, CommandKind kind, String reason) {
        this.command = command;
        this.kind = kind;
        this.reason = reason;
        this.endpoints = command.endpoints();
        this.timeout = command.global().timeout;
        // The fleet and the channel are opened by run(); refusals before that only write to the audit log.
        this.runner = new CommandRunner((k, id, r) -> gateway.send(k, id, r), id -> fleet == null ? null : fleet.get(id),
                command.global().auditLog(), endpoints.profile(), timeout, CHECK_EVERY, Clock.systemUTC(), AUDIT_PREFIX);
    }

    /** Read-only profiles and --read-only refuse every command (exit 1), audited. */
    void refuseIfReadOnly(List<IndexerId> ids) {
        if (!endpoints.readOnly()) {
            return;
        }
        String why = endpoints.profile() != null && !command.global().readOnly
                ? "profile '" + endpoints.profile() + "' is read-only" : "--read-only is set";
        for (IndexerId id : ids) {
            audited(() -> runner.recordUnavailable(kind, List.of(id), reason, why));
        }
        throw CliFailure.failed("refused: " + why + "; " + verb() + " not sent");
    }

    int run(List<IndexerId> ids) {
        refuseIfReadOnly(ids);
        explainWith(ids);
        ManagedChannel channel = channel(endpoints.coordinator());
        try (runner; FleetWatch watched = command.fleet(endpoints)) {
            fleet = watched;
            GrpcCommandGateway grpc = new GrpcCommandGateway(channel, endpoints.coordinator().deadline(), endpoints.readOnly());
            gateway = (k, id, r) -> grpc.send(k, id, r).whenComplete((answer, e) -> remember(id, answer));
            Map<IndexerId, Run> runs = new LinkedHashMap<>();
            for (IndexerId id : new LinkedHashSet<>(ids)) {
                if (shouldSend(id)) {
                    CompletableFuture<CommandOutcome> outcome = runner.run(kind, id, reason, progress -> {
                    });
                    outcome.thenRun(() -> doneAt.put(id, Instant.now()));
                    runs.put(id, new Run(id, Instant.now(), outcome));
                }
            }
            for (Run r : runs.values()) {
                report(r, await(r));
            }
        } finally {
            Channels.close(channel);
        }
        return exit;
    }

    /**
     * One look at the coordinator's kind and the targets' health, so that a slow or undone Suspend
     * names upstream's 600-s restart wait when it is the cause (only with a block streamer or runner).
     */
    private void explainWith(List<IndexerId> ids) {
        if (endpoints.blockStreamer() == null && endpoints.runner() == null) {
            return;
        }
        FleetLook look = FleetLook.take(command, endpoints);
        java.time.Instant now = java.time.Instant.now();
        Map<IndexerId, dev.watchkeeper.connectors.commands.CommandContext> ctx = new java.util.HashMap<>();
        for (IndexerId id : ids) {
            IndexerState s = look.states().get(id);
            ctx.put(id, new dev.watchkeeper.connectors.commands.CommandContext(look.coordinator(),
                    s == null ? null : dev.watchkeeper.model.attention.UpstreamRestart.unhealthyBecause(look.observation(s), now)));
        }
        runner.context(id -> ctx.getOrDefault(id, dev.watchkeeper.connectors.commands.CommandContext.UNKNOWN));
    }

    private static ManagedChannel channel(Endpoint coordinator) {
        try {
            return Channels.build(coordinator).channel();
        } catch (RuntimeException e) {
            throw CliFailure.usage("cannot use coordinator " + coordinator.target() + ": " + e.getMessage());
        }
    }

    /** Checks the observed state before sending; false (reported and audited) when nothing is to be sent. */
    private boolean shouldSend(IndexerId id) {
        IndexerState state = fleet.get(id);
        if (state == null) {
            fail(id, ExitCodes.FAILED, AuditOutcome.FAILED, "no indexer " + id + " in " + endpoints.redisForDisplay() + "; " + verb() + " not sent");
            return false;
        }
        if (alreadyDone(state)) {
            String already = "already " + state.lifecycleText() + "; nothing sent";
            command.out().println(id + ": " + already);
            command.out().flush();
            audited(() -> runner.recordNotSent(kind, List.of(id), reason, AuditOutcome.CONFIRMED, already));
            return false;
        }
        String unavailable = kind.unavailableReason(state);
        if (unavailable != null) {
            fail(id, ExitCodes.FAILED, AuditOutcome.UNAVAILABLE, verb() + " not sent: " + unavailable);
            return false;
        }
        return true;
    }

    private void remember(IndexerId id, SendOutcome answer) {
        if (answer == null) {
            return;
        }
        answers.put(id, answer);
        if (answer.kind() == SendOutcome.Kind.UNKNOWN) {
            // Sent but unanswered: it may still take effect, so the observed state decides.
            command.err().println(id + ": " + answer.message() + "; watching the state");
            command.err().flush();
        }
    }

    /** The runner ends every run itself (deadline, then timeout); the margin only guards against a lost callback. */
    private CommandOutcome await(Run r) {
        Duration bound = endpoints.coordinator().deadline().multipliedBy(3).plus(timeout).plusSeconds(5);
        try {
            return r.outcome().get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new CommandOutcome(CommandOutcome.Status.UNKNOWN, "no outcome within " + FleetWatch.seconds(bound), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliFailure.failed("interrupted");
        }
    }

    private void report(Run r, CommandOutcome o) {
        IndexerId id = r.id();
        if (o.detail() != null && o.detail().contains("(audit log not written: ")) {
            // A command whose outcome cannot be audited fails, whatever happened.
            error(id, ExitCodes.FAILED, verb() + ": " + o.detail());
            return;
        }
        SendOutcome answer = answers.get(id);
        boolean confirmed = o.confirmed() || (o.status() == CommandOutcome.Status.UNKNOWN && confirmsNow(id));
        if (confirmed) {
            IndexerState now = fleet.get(id);
            if (now == null) {
                command.out().println(id + ": gone from Redis (" + verb() + " confirmed)");
            } else {
                Instant end = doneAt.getOrDefault(id, Instant.now());
                String took = FleetWatch.seconds(Duration.ofMillis(Duration.between(r.sentAt(), end).toMillis() / 100 * 100));
                command.out().println(id + ": " + (o.observed() == null ? now.lifecycleText() : o.observed())
                        + " (" + verb() + " confirmed after " + took + ")");
            }
            command.out().flush();
            return;
        }
        switch (o.status()) {
            case REJECTED, UNAVAILABLE -> error(id, ExitCodes.FAILED, verb() + " failed: " + o.detail());
            case FAILED -> {
                if (answer != null && answer.kind() == SendOutcome.Kind.NOT_SENT) {
                    error(id, ExitCodes.CONNECTION, verb() + " failed: " + answer.message());
                } else if (answer != null) {
                    error(id, ExitCodes.FAILED, verb() + " sent but " + o.detail() + redisProblem());
                } else {
                    error(id, ExitCodes.FAILED, verb() + " failed: " + o.detail());
                }
            }
            default -> error(id, ExitCodes.FAILED, verb() + " outcome unknown: " + o.detail() + redisProblem());
        }
    }

    /** The observed state confirms the command now (a deleted indexer's disappearance confirms a delete). */
    private boolean confirmsNow(IndexerId id) {
        IndexerState s = fleet.get(id);
        return s == null ? kind == CommandKind.DELETE : kind.confirmingStates().contains(s.lifecycle());
    }

    private String redisProblem() {
        return fleet.connectionProblem() == null ? "" : " (Redis: " + fleet.connectionProblem() + ")";
    }

    /** Suspend/Unsuspend/Delete already in effect need nothing sent; Repair and Restart always act. */
    private boolean alreadyDone(IndexerState s) {
        return switch (kind) {
            case SUSPEND -> Boolean.FALSE.equals(s.enabled()) && kind.confirmingStates().contains(s.lifecycle());
            case UNSUSPEND -> Boolean.TRUE.equals(s.enabled()) && kind.confirmingStates().contains(s.lifecycle());
            case DELETE -> kind.confirmingStates().contains(s.lifecycle());
            case REPAIR, RESTART -> false;
        };
    }

    /** Reports and audits a command decided without sending it. */
    private void fail(IndexerId id, int code, AuditOutcome outcome, String message) {
        error(id, code, message);
        audited(() -> runner.recordNotSent(kind, List.of(id), reason, outcome, message));
    }

    private void error(IndexerId id, int code, String message) {
        command.err().println(id + ": " + message);
        command.err().flush();
        exit = Math.max(exit, code);
    }

    /** A command whose outcome cannot be audited fails. */
    private static void audited(Runnable write) {
        try {
            write.run();
        } catch (java.io.UncheckedIOException e) {
            throw CliFailure.failed(e.getMessage());
        }
    }

    private String verb() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
