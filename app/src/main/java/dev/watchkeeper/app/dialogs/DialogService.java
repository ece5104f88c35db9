package dev.watchkeeper.app.dialogs;

import dev.watchkeeper.app.commands.BulkProgress;
import dev.watchkeeper.app.commands.CommandPlan;
import javafx.scene.Node;

import java.util.Optional;

/**
 * Everything that asks the operator or opens a window, behind one interface: views stay testable
 * with a scripted implementation, and the FX one ({@link FxDialogService}) is tested on its own.
 */
public interface DialogService {

    /**
     * Shows the plan (what will happen, to which indexers; for several, which are skipped and why)
     * and asks to confirm. A delete also asks for a reason and for the indexer's name (or
     * "delete N indexers") typed out. Returns the reason ("" when none is asked), or empty when
     * the operator cancelled.
     */
    Optional<String> confirm(CommandPlan plan);

    /** Shows a running bulk command: progress, per-item results, cancel. Does not wait. */
    void showProgress(BulkProgress progress);

    /** Shows the audit log view in its own window. Does not wait. */
    void showAuditLog(Node auditView);
}
