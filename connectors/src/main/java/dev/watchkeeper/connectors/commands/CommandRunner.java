package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.audit.AuditEntry;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.model.audit.AuditOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs one command on one indexer: sends it once, then watches the observed state until it
 * confirms the command or the confirmation timeout passes. Shared by the console and the CLI.
 * Every run is audited: an attempt entry before sending (so it is on record even if this process
 * dies) and an outcome entry at the end. A command whose attempt cannot be audited is not sent.
 */
public final class CommandRunner implements AutoCloseable {

    private final CommandGateway gateway;
    private final Function<IndexerId, IndexerState> observed;
    private final AuditLog audit;
    private final String profile;
    private final Duration confirmTimeout;
    private final Duration pollInterval;
    private final Clock clock;
    private final String detailPrefix;
    private final String user = AuditEntry.currentUser();
    private volatile Function<IndexerId, CommandContext> context = id -> CommandContext.UNKNOWN;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "command-confirmation");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param gateway        sends the commands
     * @param observed       the latest observed state of an indexer (null when not observed); called from a runner thread
     * @param audit          where every run is recorded
     * @param profile        the connection profile's name, for the audit log
     * @param confirmTimeout how long the observed state may take to confirm a command
     * @param pollInterval   how often the observed state is checked
     */
    public CommandRunner(CommandGateway gateway, Function<IndexerId, IndexerState> observed, AuditLog audit,
                         String profile, Duration confirmTimeout, Duration pollInterval, Clock clock) {
        this(gateway, observed, audit, profile, confirmTimeout, pollInterval, clock, "");
    }

    /**
     * @param detailPrefix put before every audit detail this runner writes, to say where the command
     *                     came from (the CLI writes "CLI: "; the console none)
     */
    public CommandRunner(CommandGateway gateway, Function<IndexerId, IndexerState> observed, AuditLog audit,
                         String profile, Duration confirmTimeout, Duration pollInterval, Clock clock, String detailPrefix) {
        this.detailPrefix = detailPrefix == null ? "" : detailPrefix;
        this.gateway = gateway;
        this.observed = observed;
        this.audit = audit;
        this.profile = profile;
        this.confirmTimeout = confirmTimeout;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    public CommandRunner(CommandGateway gateway, Function<IndexerId, IndexerState> observed, AuditLog audit,
                         String profile, Duration confirmTimeout) {
        this(gateway, observed, audit, profile, confirmTimeout, Duration.ofMillis(100), Clock.systemUTC());
    }

    /**
     * What the caller knows about an indexer when a command is sent (coordinator kind, upstream
     * unhealthy-restart reason), to explain slow or undone confirmations; called on a runner thread.
     */
    public void context(Function<IndexerId, CommandContext> ctx) {
        this.context = ctx == null ? id -> CommandContext.UNKNOWN : ctx;
    }

    public Duration confirmTimeout() {
        return confirmTimeout;
    }

    public AuditLog audit() {
        return audit;
    }

    /** Runs {@code kind} on {@code id}; {@code progress} hears the stages before the outcome (on runner threads). */
    public CompletableFuture<CommandOutcome> run(CommandKind kind, IndexerId id, String reason, Consumer<CommandProgress> progress) {
        String refusal = gateway.refusal();
        if (refusal != null) {
            String why = refusal + ": nothing was sent";
            try {
                recordUnavailable(kind, List.of(id), reason, why);
            } catch (RuntimeException e) {
                why += " (audit log not written: " + e.getMessage() + ")";
            }
            return CompletableFuture.completedFuture(new CommandOutcome(CommandOutcome.Status.UNAVAILABLE, why, text(observed.apply(id))));
        }
        try {
            record(kind, List.of(id), reason, AuditOutcome.SENDING, "sending to the coordinator");
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new CommandOutcome(CommandOutcome.Status.FAILED,
                    "not sent: " + e.getMessage(), text(observed.apply(id))));
        }
        // the state before sending: "no longer listed" confirms a Delete only for an indexer listed then
        IndexerState before = observed.apply(id);
        Confirmation confirmation = new Confirmation(kind, before, context.apply(id));
        progress.accept(CommandProgress.SENDING);
        CompletableFuture<CommandOutcome> outcome = gateway.send(kind, id, reason).thenCompose(sent -> switch (sent.kind()) {
            case ACCEPTED -> {
                progress.accept(CommandProgress.WAITING_FOR_STATE);
                yield awaitConfirmation(kind, id, false, sent.message(), confirmation);
            }
            case UNKNOWN -> {
                progress.accept(CommandProgress.WATCHING_UNKNOWN);
                yield awaitConfirmation(kind, id, true, sent.message(), confirmation);
            }
            case REJECTED -> done(CommandOutcome.Status.REJECTED, sent.message(), id);
            case UNIMPLEMENTED -> done(CommandOutcome.Status.UNAVAILABLE, sent.message(), id);
            case NOT_SENT -> done(CommandOutcome.Status.FAILED, "not sent: " + sent.message(), id);
        });
        return outcome.thenApply(o -> {
            try {
                record(kind, List.of(id), reason, o.auditOutcome(), o.detail());
                return o;
            } catch (RuntimeException e) {
                return new CommandOutcome(o.status(), o.detail() + " (audit log not written: " + e.getMessage() + ")", o.observed());
            }
        });
    }

    /** Records that these targets of a bulk run were not sent because the operator cancelled. */
    public void recordCancelled(CommandKind kind, List<IndexerId> notSent, String reason) {
        if (!notSent.isEmpty()) {
            record(kind, notSent, reason, AuditOutcome.CANCELLED, "cancelled by the operator before sending");
        }
    }

    /** Records a command refused before sending (e.g. read-only profile, unsupported by the coordinator). */
    public void recordUnavailable(CommandKind kind, List<IndexerId> targets, String reason, String why) {
        record(kind, targets, reason, AuditOutcome.UNAVAILABLE, why);
    }

    /**
     * Records a command decided without sending it: e.g. FAILED for an indexer that is not observed,
     * CONFIRMED for one already in the state the command would bring about.
     */
    public void recordNotSent(CommandKind kind, List<IndexerId> targets, String reason, AuditOutcome outcome, String detail) {
        record(kind, targets, reason, outcome, detail);
    }

    private CompletableFuture<CommandOutcome> done(CommandOutcome.Status status, String detail, IndexerId id) {
        return CompletableFuture.completedFuture(new CommandOutcome(status, detail, text(observed.apply(id))));
    }

    private CompletableFuture<CommandOutcome> awaitConfirmation(CommandKind kind, IndexerId id, boolean unknown,
                                                                String sentMessage, Confirmation confirmation) {
        CompletableFuture<CommandOutcome> out = new CompletableFuture<>();
        Instant until = clock.instant().plus(confirmTimeout);
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        Runnable check = () -> {
            if (out.isDone()) {
                return;
            }
            IndexerState s = observed.apply(id);
            Confirmation.Verdict verdict = confirmation.observe(s, clock.instant());
            String now = s == null ? "no longer listed" : s.lifecycleText();
            if (verdict.done()) {
                String afterwards = verdict.status() == CommandOutcome.Status.CONFIRMED
                        ? "; afterwards the observed state is " + now + ", which confirms it" : "; afterwards: " + verdict.detail();
                out.complete(unknown
                        ? new CommandOutcome(CommandOutcome.Status.UNKNOWN, sentMessage + afterwards, now)
                        : new CommandOutcome(verdict.status(), verdict.detail(), now));
            } else if (!clock.instant().isBefore(until)) {
                out.complete(unknown
                        ? new CommandOutcome(CommandOutcome.Status.UNKNOWN, sentMessage + "; afterwards the observed state is "
                        + now + ", which does not confirm it (watched for " + seconds(confirmTimeout) + ")", now)
                        : new CommandOutcome(CommandOutcome.Status.FAILED, confirmation.timeoutDetail(s, confirmTimeout, expected(kind)), now));
            }
        };
        try {
            task[0] = timer.scheduleWithFixedDelay(() -> {
                try {
                    check.run();
                } catch (RuntimeException e) {
                    out.complete(new CommandOutcome(CommandOutcome.Status.FAILED, "state could not be observed: " + e.getMessage(), null));
                }
            }, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            out.complete(new CommandOutcome(CommandOutcome.Status.FAILED, "the console is shutting down", null));
        }
        out.whenComplete((o, e) -> {
            if (task[0] != null) {
                task[0].cancel(false);
            }
        });
        return out;
    }

    private void record(CommandKind kind, List<IndexerId> targets, String reason, AuditOutcome outcome, String detail) {
        audit.append(AuditEntry.draft(clock.instant(), user, profile, kind.label(),
                targets.stream().map(IndexerId::fullName).toList(), reason, outcome, detailPrefix + detail));
    }

    /** The states that would confirm {@code kind}, e.g. "Running or Initializing". */
    public static String expected(CommandKind kind) {
        return kind.confirmingStates().stream().map(LifecycleState::label).collect(Collectors.joining(" or "));
    }

    private static String text(IndexerState s) {
        return s == null ? null : s.lifecycleText();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
