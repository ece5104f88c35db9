package dev.watchkeeper.bench.soak;

import dev.watchkeeper.app.commands.BulkProgress;
import dev.watchkeeper.app.commands.CommandPlan;
import dev.watchkeeper.app.commands.CommandService;
import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.LifecycleState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Set;

/**
 * An operator who selects a batch of rows in the fleet and runs a bulk command on them, over and
 * over: Suspend on running indexers, Unsuspend on suspended ones, Restart on running ones. It goes
 * through the console's own command path (CommandService → CommandRunner → audit log → gRPC), on
 * the FX thread as the command bar does. Each command's reason is unique, so its audit entries can
 * be told apart. Runs on the FX thread only.
 */
final class ScriptedOperator {

    private static final CommandKind[] ROTATION = {CommandKind.SUSPEND, CommandKind.UNSUSPEND, CommandKind.RESTART};

    /** One bulk command as sent: targets kept as the model's ids (no copies of names while the run lasts). */
    record Sent(String reason, CommandKind kind, List<IndexerId> targets) {
    }

    private final FleetViewModel fleet;
    private final CommandService commands;
    private final int batch;
    private final SplittableRandom random = new SplittableRandom(7);
    private final List<Sent> sent = new ArrayList<>();
    private final Set<BulkProgress> inFlight = new HashSet<>();
    private long items;
    private long finishedItems;
    private int next;

    ScriptedOperator(FleetViewModel fleet, CommandService commands, int batch) {
        this.fleet = fleet;
        this.commands = commands;
        this.batch = batch;
    }

    /** Selects rows and starts one bulk command (FX thread); nothing when no row qualifies. */
    void act() {
        CommandKind kind = ROTATION[next++ % ROTATION.length];
        LifecycleState wanted = kind == CommandKind.UNSUSPEND ? LifecycleState.SUSPENDED : LifecycleState.RUNNING;
        List<IndexerRow> candidates = new ArrayList<>();
        for (IndexerRow row : fleet.allRows()) {
            if (row.state().lifecycle() == wanted && !commands.isPending(row)) {
                candidates.add(row);
            }
        }
        List<IndexerRow> selection = new ArrayList<>(batch);
        while (!candidates.isEmpty() && selection.size() < batch) {
            selection.add(candidates.remove(random.nextInt(candidates.size())));
        }
        if (selection.isEmpty()) {
            return;
        }
        CommandPlan plan = commands.plan(kind, selection);
        if (plan.targets().isEmpty()) {
            return;
        }
        String reason = "soak operator #" + sent.size();
        BulkProgress progress = commands.start(plan, reason);
        List<IndexerId> targets = progress.plan().targets().stream().map(IndexerRow::id).toList();
        sent.add(new Sent(reason, kind, targets));
        items += targets.size();
        inFlight.add(progress);
        progress.finishedProperty().addListener((obs, was, done) -> {
            if (done && inFlight.remove(progress)) {
                finishedItems += progress.items().size();
            }
        });
        if (progress.finishedProperty().get() && inFlight.remove(progress)) {
            finishedItems += progress.items().size();
        }
    }

    /** Commands started, as sent (FX thread). */
    List<Sent> sent() {
        return List.copyOf(sent);
    }

    long items() {
        return items;
    }

    long finishedItems() {
        return finishedItems;
    }

    boolean idle() {
        return inFlight.isEmpty();
    }
}
