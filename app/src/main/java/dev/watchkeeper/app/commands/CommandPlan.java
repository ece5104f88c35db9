package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.CommandKind;

import java.util.List;

/**
 * The scope of one command before it runs: which indexers will get it and which are skipped, and why.
 *
 * @param kind    the command
 * @param targets the indexers it will be sent to, in order
 * @param skipped the selected indexers it will not be sent to
 * @param notes   what the command will really do where that differs from its name (upstream's
 *                coordinator ignores enabled in Repairing, its 600-s restart wait), for the confirmation
 */
public record CommandPlan(CommandKind kind, List<IndexerRow> targets, List<Skipped> skipped, List<String> notes) {

    public record Skipped(IndexerRow row, String reason) {
    }

    public CommandPlan {
        targets = List.copyOf(targets);
        skipped = List.copyOf(skipped);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public CommandPlan(CommandKind kind, List<IndexerRow> targets, List<Skipped> skipped) {
        this(kind, targets, skipped, List.of());
    }

    /** More than one indexer selected: a bulk run with a preview and a progress window. */
    public boolean bulk() {
        return targets.size() + skipped.size() > 1;
    }

    /** What the operator must type to confirm a delete: the indexer's full name, or "delete N indexers". */
    public String deleteConfirmationText() {
        return targets.size() == 1 && !bulk() ? targets.getFirst().id().fullName() : "delete " + targets.size() + " indexers";
    }

    /** E.g. "Suspend 3 indexers" or "Suspend morgs.near/feed". */
    public String title() {
        return kind.label() + " " + (targets.size() == 1 ? targets.getFirst().id().fullName() : targets.size() + " indexers");
    }
}
