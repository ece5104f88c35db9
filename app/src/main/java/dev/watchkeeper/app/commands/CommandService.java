package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.connectors.grpc.CallFailure;
import dev.watchkeeper.connectors.grpc.CoordinatorClient;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerState;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.util.Duration;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Sends commands to the coordinator and follows each until the observed state confirms it. A
 * command is never queued or retried here: it is sent once, and its row says what is going on
 * ("sent", "waiting for Suspended", "failed: ...").
 */
public final class CommandService {

    private final CoordinatorClient coordinator;
    private final Clock clock;
    private final java.time.Duration confirmTimeout;
    private final Map<IndexerRow, Pending> pending = new HashMap<>();
    /** Bumped whenever a command starts or ends, so views re-check which actions are available. */
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");

    private record Pending(CommandKind kind, Instant deadline, boolean accepted) {
    }

    public CommandService(CoordinatorClient coordinator, Clock clock, java.time.Duration confirmTimeout) {
        this.coordinator = coordinator;
        this.clock = clock;
        this.confirmTimeout = confirmTimeout;
        Timeline expiry = new Timeline(new KeyFrame(Duration.seconds(1), e -> expire()));
        expiry.setCycleCount(Timeline.INDEFINITE);
        expiry.play();
    }

    /** Null when {@code kind} can run on this row now, else why not. */
    public String unavailableReason(CommandKind kind, IndexerRow row) {
        if (row == null) {
            return "select an indexer";
        }
        if (pending.containsKey(row)) {
            return pending.get(row).kind().label() + " is still in progress";
        }
        if (kind != CommandKind.SUSPEND && kind != CommandKind.UNSUSPEND) {
            return kind.label() + " is not available yet";
        }
        return kind.unavailableReason(row.state());
    }

    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    private void changed() {
        revision.set(revision.get() + 1);
    }

    public boolean isPending(IndexerRow row) {
        return pending.containsKey(row);
    }

    /** Sends {@code kind} for {@code row}. Must run on the FX thread. */
    public void run(CommandKind kind, IndexerRow row) {
        String reason = unavailableReason(kind, row);
        if (reason != null) {
            row.commandNoteProperty().set(kind.label() + " not sent: " + reason);
            return;
        }
        pending.put(row, new Pending(kind, clock.instant().plus(confirmTimeout), false));
        row.commandNoteProperty().set(kind.label() + " sent…");
        changed();
        CompletableFuture<Boolean> call = switch (kind) {
            case SUSPEND -> coordinator.disable(row.id());
            case UNSUSPEND -> coordinator.enable(row.id());
            default -> CompletableFuture.failedFuture(new IllegalStateException(kind + " is not available"));
        };
        call.whenComplete((ok, error) -> Platform.runLater(() -> answered(kind, row, ok, error)));
    }

    private void answered(CommandKind kind, IndexerRow row, Boolean ok, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof CallFailure f && f.kind() == CallFailure.Kind.OUTCOME_UNKNOWN) {
                // Sent but unanswered: keep watching the state, it may still take effect.
                pending.put(row, new Pending(kind, clock.instant().plus(confirmTimeout), true));
                row.commandNoteProperty().set(kind.label() + " outcome unknown (" + cause.getMessage() + "); watching state");
                stateChanged(row);
                return;
            }
            pending.remove(row);
            row.commandNoteProperty().set(kind.label() + " failed: " + cause.getMessage());
            changed();
            return;
        }
        if (!Boolean.TRUE.equals(ok)) {
            pending.remove(row);
            row.commandNoteProperty().set(kind.label() + " failed: coordinator answered success=false");
            changed();
            return;
        }
        pending.put(row, new Pending(kind, clock.instant().plus(confirmTimeout), true));
        row.commandNoteProperty().set(kind.label() + " accepted; waiting for " + expected(kind));
        stateChanged(row);
    }

    /** Confirms a pending command once the row shows the state it leads to. */
    public void stateChanged(IndexerRow row) {
        Pending p = pending.get(row);
        if (p == null || !p.accepted()) {
            return;
        }
        IndexerState s = row.state();
        if (p.kind().confirmingStates().contains(s.lifecycle())) {
            pending.remove(row);
            row.commandNoteProperty().set(null);
            changed();
        }
    }

    private void expire() {
        Instant now = clock.instant();
        int before = pending.size();
        pending.entrySet().removeIf(e -> {
            if (now.isAfter(e.getValue().deadline())) {
                IndexerRow row = e.getKey();
                row.commandNoteProperty().set(e.getValue().kind().label() + " failed: not confirmed within "
                        + confirmTimeout.toSeconds() + " s; state is " + row.state().lifecycleText());
                return true;
            }
            return false;
        });
        if (pending.size() != before) {
            changed();
        }
    }

    private static String expected(CommandKind kind) {
        return String.join(" or ", kind.confirmingStates().stream().map(s -> s.label()).toList());
    }
}
