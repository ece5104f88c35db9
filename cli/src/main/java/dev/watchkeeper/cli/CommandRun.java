package dev.watchkeeper.cli;

import dev.watchkeeper.connectors.grpc.CallFailure;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.model.audit.AuditOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs one command kind over indexers: checks each against its observed state, sends it once to
 * the coordinator, then waits until Redis shows the confirming state or the timeout passes.
 * Every outcome is audited. Never retries, never queues.
 */
final class CommandRun {

    /** A command on its way; {@code answered} is false when its answer was lost (outcome unknown). */
    private record Sent(IndexerId id, Instant at, String note, boolean answered) {
    }

    private final CliCommand command;
    private final CommandKind kind;
    private final String reason;
    private final Endpoints endpoints;
    private final AuditLog audit;
    private int exit = ExitCodes.OK;

    CommandRun(CliCommand command, CommandKind kind, String reason) {
        this.command = command;
        this.kind = kind;
        this.reason = reason;
        this.endpoints = command.endpoints();
        this.audit = command.global().auditLog();
    }

    /** Read-only profiles and --read-only refuse every command (exit 1), audited. */
    void refuseIfReadOnly(List<IndexerId> ids) {
        if (!endpoints.readOnly()) {
            return;
        }
        String why = endpoints.profile() != null && !command.global().readOnly
                ? "profile '" + endpoints.profile() + "' is read-only" : "--read-only is set";
        for (IndexerId id : ids) {
            record(id, AuditOutcome.UNAVAILABLE, why);
        }
        throw CliFailure.failed("refused: " + why + "; " + verb() + " not sent");
    }

    int run(List<IndexerId> ids) {
        refuseIfReadOnly(ids);
        Duration timeout = command.global().timeout;
        try (FleetWatch fleet = command.fleet(endpoints);
             Coordinator coordinator = new Coordinator(endpoints.coordinator())) {
            List<Sent> sent = new ArrayList<>();
            for (IndexerId id : new java.util.LinkedHashSet<>(ids)) {
                Sent s = send(fleet, coordinator, id);
                if (s != null) {
                    sent.add(s);
                }
            }
            Instant deadline = Instant.now().plus(timeout);
            for (Sent s : sent) {
                confirm(fleet, s, deadline, timeout);
            }
        }
        return exit;
    }

    private Sent send(FleetWatch fleet, Coordinator coordinator, IndexerId id) {
        IndexerState state = fleet.get(id);
        if (state == null) {
            fail(id, ExitCodes.FAILED, AuditOutcome.FAILED, "no indexer " + id + " in " + endpoints.redisForDisplay() + "; " + verb() + " not sent");
            return null;
        }
        if (alreadyDone(state)) {
            command.out().println(id + ": already " + state.lifecycleText() + "; nothing sent");
            command.out().flush();
            record(id, AuditOutcome.CONFIRMED, "already " + state.lifecycleText() + "; nothing sent");
            return null;
        }
        String unavailable = kind.unavailableReason(state);
        if (unavailable != null) {
            fail(id, ExitCodes.FAILED, AuditOutcome.UNAVAILABLE, verb() + " not sent: " + unavailable);
            return null;
        }
        Instant at = Instant.now();
        // On record before the request goes out, as the console does, in case this process dies.
        record(id, AuditOutcome.SENDING, "sending to coordinator " + endpoints.coordinator().target());
        Coordinator.Answer answer = coordinator.send(kind, id, reason);
        if (answer.accepted()) {
            return new Sent(id, at, answer.message(), true);
        }
        CallFailure f = answer.failure();
        if (f != null && f.kind() == CallFailure.Kind.OUTCOME_UNKNOWN) {
            // Sent but unanswered: it may still take effect, so the observed state decides.
            command.err().println(id + ": " + f.getMessage() + "; watching the state");
            command.err().flush();
            return new Sent(id, at, "outcome unknown: " + f.getMessage(), false);
        }
        boolean connection = f != null && (f.kind() == CallFailure.Kind.UNREACHABLE || f.kind() == CallFailure.Kind.REFUSED);
        AuditOutcome outcome = connection || f == null || f.kind() != CallFailure.Kind.UNIMPLEMENTED
                ? (connection ? AuditOutcome.FAILED : AuditOutcome.REJECTED) : AuditOutcome.UNAVAILABLE;
        fail(id, connection ? ExitCodes.CONNECTION : ExitCodes.FAILED, outcome, verb() + " failed: " + answer.message());
        return null;
    }

    private void confirm(FleetWatch fleet, Sent sent, Instant deadline, Duration timeout) {
        Set<?> confirming = kind.confirmingStates();
        // A deleted indexer's keys are cleaned up after Deleting: its disappearance confirms a delete too.
        boolean goneConfirms = kind == CommandKind.DELETE;
        IndexerState last = fleet.await(sent.id(), s -> confirming.contains(s.lifecycle()), goneConfirms, deadline);
        if (last == null && goneConfirms) {
            command.out().println(sent.id() + ": gone from Redis (delete confirmed)");
            command.out().flush();
            record(sent.id(), AuditOutcome.CONFIRMED, "gone from Redis");
            return;
        }
        if (last != null && confirming.contains(last.lifecycle())) {
            String took = FleetWatch.seconds(Duration.ofMillis(Duration.between(sent.at(), Instant.now()).toMillis() / 100 * 100));
            command.out().println(sent.id() + ": " + last.lifecycleText() + " (" + verb() + " confirmed after " + took + ")");
            command.out().flush();
            record(sent.id(), AuditOutcome.CONFIRMED, "observed " + last.lifecycleText() + (sent.note() == null ? "" : "; " + sent.note()));
            return;
        }
        String state = last == null ? "the indexer is gone from Redis" : "state is " + last.lifecycleText();
        String redis = fleet.connectionProblem() == null ? "" : " (Redis: " + fleet.connectionProblem() + ")";
        fail(sent.id(), ExitCodes.FAILED, sent.answered() ? AuditOutcome.FAILED : AuditOutcome.UNKNOWN, verb() + " sent but not confirmed within " + FleetWatch.seconds(timeout)
                + "; " + state + redis);
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

    private void fail(IndexerId id, int code, AuditOutcome outcome, String message) {
        command.err().println(id + ": " + message);
        command.err().flush();
        exit = Math.max(exit, code);
        record(id, outcome, message);
    }

    /** Appends to the console's audit log; a command whose outcome cannot be audited fails. */
    private void record(IndexerId id, AuditOutcome outcome, String detail) {
        try {
            audit.append(AuditEntry.draft(Instant.now(), AuditEntry.currentUser(), endpoints.profile(), kind.label(),
                    List.of(id.fullName()), reason, outcome, "CLI: " + detail));
        } catch (java.io.UncheckedIOException e) {
            throw CliFailure.failed(e.getMessage());
        }
    }

    private String verb() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
