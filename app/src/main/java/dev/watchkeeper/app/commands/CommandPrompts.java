package dev.watchkeeper.app.commands;

import java.util.Optional;

/** What the commands ask the operator or show: a confirmation before sending, the progress of a bulk run. */
public interface CommandPrompts {

    /**
     * Shows the plan (what will happen, to which indexers; for several, which are skipped and why)
     * and asks to confirm. A delete also asks for a reason and for the indexer's name (or
     * "delete N indexers") typed out. Returns the reason ("" when none is asked), or empty when
     * the operator cancelled.
     */
    Optional<String> confirm(CommandPlan plan);

    /** Shows a running bulk command: progress, per-item results, cancel. Does not wait. */
    void showProgress(BulkProgress progress);
}
