package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.connectors.commands.BulkCommandRun;
import dev.watchkeeper.connectors.commands.CommandOutcome;
import dev.watchkeeper.connectors.commands.CommandProgress;
import dev.watchkeeper.connectors.commands.CommandContext;
import dev.watchkeeper.connectors.commands.CommandRunner;
import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.attention.CommandNotes;
import dev.watchkeeper.model.attention.UpstreamRestart;
import java.time.Instant;
import dev.watchkeeper.model.Capabilities;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which commands the operator may run on which rows, and runs them through the shared
 * {@link CommandRunner}: sent once, never queued or retried, and done only when the observed state
 * confirms it. While a command runs, its row says so ("sent…", "waiting for Suspended"); a failure
 * stays on the row with its reason. Lives on the FX thread.
 */
public final class CommandService {

    /** Items of a bulk run in flight at once. */
    public static final int BULK_CONCURRENCY = 4;

    private final CommandRunner runner;
    private final ObjectProperty<Capabilities> capabilities = new SimpleObjectProperty<>(this, "capabilities", Capabilities.detecting());
    private final BooleanProperty readOnly = new SimpleBooleanProperty(this, "readOnly");
    /** Why every command is held back for now (e.g. the console shows history), null when none is. */
    private final javafx.beans.property.StringProperty pausedReason = new javafx.beans.property.SimpleStringProperty(this, "pausedReason");
    private final Map<IndexerRow, CommandKind> pending = new HashMap<>();
    /** Pending rows the coordinator accepted: their row may confirm them as soon as it shows the state. */
    private final Map<IndexerRow, javafx.beans.InvalidationListener> accepted = new HashMap<>();
    /** Bumped whenever a command starts or ends or availability changes, so views re-check their actions. */
    private final ReadOnlyIntegerWrapper revision = new ReadOnlyIntegerWrapper(this, "revision");

    /** What the console knew of each target when its command was started (read by the runner's threads). */
    private final Map<IndexerId, CommandContext> contexts = new java.util.concurrent.ConcurrentHashMap<>();

    public CommandService(CommandRunner runner) {
        this.runner = runner;
        runner.context(id -> contexts.getOrDefault(id, CommandContext.UNKNOWN));
        capabilities.addListener(o -> changed());
        readOnly.addListener(o -> changed());
        pausedReason.addListener(o -> changed());
    }

    /** What the connected coordinator implements; starts as "detecting". */
    public ObjectProperty<Capabilities> capabilitiesProperty() {
        return capabilities;
    }

    /** A read-only profile hides nothing but disables every command. */
    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    /** Set to disable every command with this reason (the console shows history); null enables them again. */
    public javafx.beans.property.StringProperty pausedReasonProperty() {
        return pausedReason;
    }

    public ReadOnlyIntegerProperty revisionProperty() {
        return revision.getReadOnlyProperty();
    }

    public boolean isPending(IndexerRow row) {
        return pending.containsKey(row);
    }

    /** Null when the profile and the coordinator allow {@code kind} at all, else why not. */
    public String unsupportedReason(CommandKind kind) {
        if (pausedReason.get() != null) {
            return pausedReason.get();
        }
        return capabilities.get().withReadOnly(readOnly.get() || capabilities.get().readOnly()).unsupportedReason(kind);
    }

    /** Null when {@code kind} can run on this row now, else why not. */
    public String unavailableReason(CommandKind kind, IndexerRow row) {
        String unsupported = unsupportedReason(kind);
        if (unsupported != null) {
            return unsupported;
        }
        if (row == null) {
            return "select an indexer";
        }
        CommandKind running = pending.get(row);
        if (running != null) {
            return running.label() + " is still in progress";
        }
        return kind.unavailableReason(row.state());
    }

    /** Null when {@code kind} can run on at least one of {@code rows}, else why not. */
    public String unavailableReason(CommandKind kind, List<IndexerRow> rows) {
        String unsupported = unsupportedReason(kind);
        if (unsupported != null || rows.isEmpty()) {
            return unsupported != null ? unsupported : "select an indexer";
        }
        if (rows.size() == 1) {
            return unavailableReason(kind, rows.getFirst());
        }
        CommandPlan plan = plan(kind, rows);
        return plan.targets().isEmpty() ? "none of the " + rows.size() + " selected indexers: "
                + plan.skipped().getFirst().reason() : null;
    }

    /** Which of {@code rows} will get {@code kind}, and which are skipped and why. */
    public CommandPlan plan(CommandKind kind, List<IndexerRow> rows) {
        List<IndexerRow> targets = new ArrayList<>();
        List<CommandPlan.Skipped> skipped = new ArrayList<>();
        for (IndexerRow row : rows) {
            String why = unavailableReason(kind, row);
            if (why == null) {
                targets.add(row);
            } else {
                skipped.add(new CommandPlan.Skipped(row, why));
            }
        }
        return new CommandPlan(kind, targets, skipped, notes(kind, targets));
    }

    /** What the command will really do where that differs from its name, grouped: "note (3 indexers)". */
    private List<String> notes(CommandKind kind, List<IndexerRow> targets) {
        Map<String, List<IndexerRow>> byNote = new LinkedHashMap<>();
        Instant now = Instant.now();
        CoordinatorKind coordinator = capabilities.get().coordinator();
        for (IndexerRow row : targets) {
            for (String note : CommandNotes.before(kind, row.observation(), coordinator, now)) {
                byNote.computeIfAbsent(note, n -> new ArrayList<>()).add(row);
            }
        }
        List<String> out = new ArrayList<>();
        byNote.forEach((note, rows) -> out.add(rows.size() == 1 && targets.size() == 1
                ? capitalize(note)
                : capitalize(note) + " (" + (rows.size() == 1 ? rows.getFirst().id().fullName() : rows.size() + " indexers") + ")"));
        return out;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Runs {@code kind} on one row without asking (the caller confirmed already, if needed). */
    public BulkProgress run(CommandKind kind, IndexerRow row) {
        return start(plan(kind, List.of(row)), "");
    }

    /**
     * Runs a confirmed plan: items are sent in order, {@link #BULK_CONCURRENCY} at a time, each
     * followed to its observed outcome. Targets that became unavailable since the preview are skipped.
     */
    public BulkProgress start(CommandPlan plan, String reason) {
        CommandPlan current = plan(plan.kind(), plan.targets());
        List<CommandPlan.Skipped> skipped = new ArrayList<>(plan.skipped());
        skipped.addAll(current.skipped());
        CommandPlan effective = new CommandPlan(plan.kind(), current.targets(), skipped, plan.notes());
        BulkProgress progress = new BulkProgress(effective);
        for (CommandPlan.Skipped s : current.skipped()) {
            s.row().commandNoteProperty().set(plan.kind().label() + " not sent: " + s.reason());
        }
        Map<IndexerId, IndexerRow> rows = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (IndexerRow row : effective.targets()) {
            rows.put(row.id(), row);
            contexts.put(row.id(), new CommandContext(capabilities.get().coordinator(),
                    UpstreamRestart.unhealthyBecause(row.observation(), now)));
            pending.put(row, plan.kind());
            row.commandNoteProperty().set(plan.kind().label() + " queued…");
        }
        changed();
        CommandKind kind = plan.kind();
        BulkCommandRun run = new BulkCommandRun(runner, kind, List.copyOf(rows.keySet()), reason, BULK_CONCURRENCY,
                new BulkCommandRun.Listener() {
                    @Override
                    public void progress(IndexerId id, CommandProgress stage) {
                        Platform.runLater(() -> staged(kind, rows.get(id), progress, stage));
                    }

                    @Override
                    public void finished(IndexerId id, CommandOutcome outcome) {
                        Platform.runLater(() -> ended(kind, rows.get(id), progress, outcome));
                    }
                });
        progress.attach(run);
        run.start();
        return progress;
    }

    private void staged(CommandKind kind, IndexerRow row, BulkProgress progress, CommandProgress stage) {
        String text = switch (stage) {
            case SENDING -> "sent…";
            case WAITING_FOR_STATE -> "accepted; waiting for " + CommandRunner.expected(kind);
            case WATCHING_UNKNOWN -> "no answer in time; watching the state";
        };
        progress.stage(row.id(), text);
        if (pending.get(row) == kind) {
            row.commandNoteProperty().set(kind.label() + " " + text);
            if (stage != CommandProgress.SENDING && !accepted.containsKey(row)) {
                // The row shows the observed state first: release the row as soon as it confirms the
                // command, so the next command is available at once; the runner still audits the outcome.
                javafx.beans.InvalidationListener l = o -> confirmedOnRow(kind, row);
                accepted.put(row, l);
                row.stateProperty().addListener(l);
                confirmedOnRow(kind, row);
            }
        }
    }

    private void confirmedOnRow(CommandKind kind, IndexerRow row) {
        if (pending.get(row) == kind && kind != CommandKind.RESTART
                && kind.confirmingStates().contains(row.state().lifecycle())) {
            release(row);
            pending.remove(row);
            row.commandNoteProperty().set(null);
            changed();
        }
    }

    private void release(IndexerRow row) {
        javafx.beans.InvalidationListener l = accepted.remove(row);
        if (l != null) {
            row.stateProperty().removeListener(l);
        }
    }

    private void ended(CommandKind kind, IndexerRow row, BulkProgress progress, CommandOutcome outcome) {
        progress.finished(row.id(), outcome);
        release(row);
        if (outcome.status() == CommandOutcome.Status.UNAVAILABLE && unsupportedReason(kind) == null) {
            // The coordinator said it does not implement this: disable it for every row, with its words.
            Map<CommandKind, String> unsupported = new java.util.EnumMap<>(CommandKind.class);
            unsupported.putAll(capabilities.get().unsupported());
            unsupported.put(kind, outcome.detail());
            capabilities.set(new Capabilities(unsupported, capabilities.get().readOnly(), capabilities.get().coordinator()));
        }
        contexts.remove(row.id());
        if (pending.remove(row, kind)) {
            row.commandNoteProperty().set(outcome.confirmed() ? null : kind.label() + " " + outcome.summary());
            changed();
        }
    }

    private void changed() {
        revision.set(revision.get() + 1);
    }
}
