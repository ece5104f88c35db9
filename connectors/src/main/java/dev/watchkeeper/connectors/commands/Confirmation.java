package dev.watchkeeper.connectors.commands;

import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Follows the observed state after a command was accepted and decides when it is confirmed. For
 * Suspend and Unsuspend the {@code enabled} flag and the lifecycle are followed separately: the
 * coordinator stores the flag at once, its lifecycle loop acts on it later (or never, in
 * Repairing), and upstream's loop can write the old flag back after its 600-s restart wait
 * (near/queryapi coordinator/src/lifecycle.rs {@code handle_transitions}).
 */
final class Confirmation {

    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** The outcome so far: null detail while pending. */
    record Verdict(CommandOutcome.Status status, String detail) {
        static final Verdict PENDING = new Verdict(null, null);

        boolean done() {
            return status != null;
        }
    }

    private final CommandKind kind;
    private final LifecycleState before;
    private final CommandContext context;
    private final Boolean wantedEnabled;
    /** The indexer was listed when the command was sent: "no longer listed" then confirms a Delete. */
    private final boolean listed;
    private Instant flagSeenAt;

    Confirmation(CommandKind kind, IndexerState before, CommandContext context) {
        this.kind = kind;
        this.listed = before != null;
        this.before = before == null ? null : before.lifecycle();
        this.context = context == null ? CommandContext.UNKNOWN : context;
        this.wantedEnabled = switch (kind) {
            case SUSPEND -> Boolean.FALSE;
            case UNSUSPEND -> Boolean.TRUE;
            default -> null;
        };
    }

    /** Checks one observation (null: the indexer is not listed); every command's confirmation rule is here. */
    Verdict observe(IndexerState s, Instant at) {
        if (s == null) {
            return kind == CommandKind.DELETE && listed
                    ? new Verdict(CommandOutcome.Status.CONFIRMED, "state is no longer listed") : Verdict.PENDING;
        }
        if (wantedEnabled == null) {
            return kind.confirmingStates().contains(s.lifecycle())
                    ? new Verdict(CommandOutcome.Status.CONFIRMED, "state is " + s.lifecycleText()) : Verdict.PENDING;
        }
        String flag = "enabled=" + wantedEnabled;
        if (wantedEnabled.equals(s.enabled())) {
            if (flagSeenAt == null) {
                flagSeenAt = at;
            }
            if (s.lifecycle() == LifecycleState.REPAIRING) {
                return new Verdict(CommandOutcome.Status.CONFIRMED, flag + " is stored; the indexer stays Repairing"
                        + " (the coordinator ignores enabled in Repairing)");
            }
        } else if (flagSeenAt != null && s.enabled() != null) {
            return new Verdict(CommandOutcome.Status.FAILED, "reverted: " + flag + " was stored at " + HMS.format(flagSeenAt)
                    + ", then enabled=" + s.enabled() + " was written back at " + HMS.format(at) + revertCause());
        }
        if (kind.confirmingStates().contains(s.lifecycle()) && !Boolean.valueOf(!wantedEnabled).equals(s.enabled())) {
            return new Verdict(CommandOutcome.Status.CONFIRMED, "state is " + s.lifecycleText(context.coordinator()));
        }
        return Verdict.PENDING;
    }

    private String revertCause() {
        if (context.coordinator().mayBeUpstream()) {
            return ". Upstream's coordinator writes back the state it read before its 600-s restart wait"
                    + (context.unhealthyBecause() == null ? "" : " (" + context.unhealthyBecause() + ")")
                    + ", which undoes a Suspend sent during the wait; send it again after the restart";
        }
        return "; something else changed it back (the coordinator, or another operator)";
    }

    /** The outcome when the timeout passed without a verdict. */
    String timeoutDetail(IndexerState s, Duration waited, String expected) {
        String state = s == null ? "no longer listed" : s.lifecycleText(context.coordinator());
        String base = "not confirmed within " + seconds(waited) + "; state is " + state + " (expected " + expected + ")";
        if (wantedEnabled == null || s == null) {
            return base;
        }
        String flag = "enabled=" + wantedEnabled;
        if (flagSeenAt == null) {
            return base + "; the coordinator answered, but " + flag + " was never observed";
        }
        if (s.lifecycle() != LifecycleState.RUNNING && s.lifecycle() != LifecycleState.INITIALIZING) {
            return base;
        }
        String stored = flag + " is stored (since " + HMS.format(flagSeenAt) + "), but the indexer is still " + state;
        if (kind == CommandKind.SUSPEND && context.coordinator().mayBeUpstream() && context.unhealthyBecause() != null) {
            return stored + " after " + seconds(waited) + ": " + context.unhealthyBecause() + ", so the coordinator is most"
                    + " likely in its 600-s wait before restarting it. It suspends the indexer within 10 min of the wait's"
                    + " start, unless the write-back at the end of the wait turns enabled to true again: check it then";
        }
        if (before == LifecycleState.INITIALIZING) {
            return stored + " after " + seconds(waited) + ": Initializing ignores enabled; it is suspended once it reaches Running";
        }
        return stored + " after " + seconds(waited) + "; is the coordinator's lifecycle loop running?";
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() / 1000.0 + " s";
    }
}
