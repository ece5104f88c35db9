package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.audit.AuditView;
import dev.watchkeeper.app.dialogs.DialogService;
import dev.watchkeeper.app.dialogs.FxDialogService;

/** Plugs the commands and the audit log into the main window through its hooks. */
public final class CommandFeatures {

    private CommandFeatures() {
    }

    /** The command bar in the fleet toolbar (real FX dialogs) and the Audit view in the Audit tab. */
    public static void install(MainWindow window) {
        install(window, new FxDialogService(() -> window.getScene() == null ? null : window.getScene().getWindow()));
    }

    public static void install(MainWindow window, DialogService dialogs) {
        AuditView audit = new AuditView(window.session().auditViewModel());
        window.setCommandBar(new CommandBar(window.session().commands(), window.fleetSelection(), dialogs, null));
        window.setAuditContent(audit);
        window.incidentsPane().setCommands(window.session().commands(), dialogs);
    }
}
