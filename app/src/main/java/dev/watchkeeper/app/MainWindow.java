package dev.watchkeeper.app;

import dev.watchkeeper.app.audit.AuditView;
import dev.watchkeeper.app.commands.CommandBar;
import dev.watchkeeper.app.dialogs.DialogService;
import dev.watchkeeper.app.dialogs.FxDialogService;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.status.StatusBar;
import dev.watchkeeper.model.Source;
import javafx.beans.InvalidationListener;
import javafx.css.PseudoClass;
import javafx.scene.layout.BorderPane;

/** The main window's content: the fleet with its commands, and the status bar. */
public final class MainWindow extends BorderPane {

    public static final PseudoClass STALE = PseudoClass.getPseudoClass("stale");

    public MainWindow(ConsoleSession session) {
        getStyleClass().add("wk-main");
        FleetView fleet = new FleetView(session.fleet(), session.commands());
        DialogService dialogs = new FxDialogService(() -> getScene() == null ? null : getScene().getWindow());
        fleet.setCommandBar(new CommandBar(session.commands(), fleet.table().getSelectionModel().getSelectedItems(), dialogs,
                () -> dialogs.showAuditLog(new AuditView(session.auditViewModel()))));
        StatusBar status = new StatusBar(session.sources(), session::staleAfterSeconds);
        setCenter(fleet);
        setBottom(status);
        // Grey the table while Redis data is stale, so nobody acts on an old picture.
        InvalidationListener staleness = o -> fleet.pseudoClassStateChanged(STALE,
                session.sources().isStale(Source.REDIS, session.staleAfterSeconds(Source.REDIS)));
        session.sources().nowProperty().addListener(staleness);
        session.sources().statuses().addListener(staleness);
    }
}
