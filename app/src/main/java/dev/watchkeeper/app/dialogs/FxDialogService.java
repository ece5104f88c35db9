package dev.watchkeeper.app.dialogs;

import dev.watchkeeper.app.commands.BulkProgress;
import dev.watchkeeper.app.commands.CommandPlan;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.util.Optional;
import java.util.function.Supplier;

/** The real dialogs and windows, owned by the main window. Call on the FX thread. */
public final class FxDialogService implements DialogService {

    /** Windows stay within 1000×1000 (the headless test screen). */
    static final double WIDTH = 720;
    static final double HEIGHT = 460;

    private final Supplier<Window> owner;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    @Override
    public Optional<String> confirm(CommandPlan plan) {
        return new CommandConfirmDialog(owner.get(), plan).showAndWait();
    }

    @Override
    public void showProgress(BulkProgress progress) {
        Stage stage = stage(progress.plan().title());
        stage.setScene(scene(new BulkProgressView(progress, stage::close)));
        stage.show();
    }

    @Override
    public void showAuditLog(Node auditView) {
        Stage stage = stage("Audit log");
        stage.setScene(scene(new StackPane(auditView)));
        stage.show();
    }

    private Stage stage(String title) {
        Stage stage = new Stage();
        Window w = owner.get();
        if (w != null) {
            stage.initOwner(w);
        }
        stage.setTitle(title);
        return stage;
    }

    private Scene scene(Parent root) {
        Scene scene = new Scene(root, WIDTH, HEIGHT);
        Window w = owner.get();
        if (w != null && w.getScene() != null) {
            scene.getStylesheets().setAll(w.getScene().getStylesheets());
        }
        return scene;
    }
}
