package dev.watchkeeper.app.dialogs;

import dev.watchkeeper.app.commands.BulkProgress;
import dev.watchkeeper.app.commands.CommandPlan;
import javafx.scene.control.Alert;
import javafx.scene.control.TextInputDialog;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Modality;
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
    public void showError(String title, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message);
        a.setTitle(title);
        a.setHeaderText(title);
        a.initOwner(owner.get());
        a.show();
    }

    @Override
    public Optional<String> askText(String title, String question) {
        TextInputDialog d = new TextInputDialog();
        d.setTitle(title);
        d.setHeaderText(question);
        d.initOwner(owner.get());
        return d.showAndWait().map(String::strip).filter(s -> !s.isEmpty());
    }

    @Override
    public void showWindow(String title, Parent content, double width, double height) {
        Stage stage = stage(title);
        stage.initModality(Modality.WINDOW_MODAL);
        stage.setScene(scene(content, width, height));
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
        return scene(root, WIDTH, HEIGHT);
    }

    private Scene scene(Parent root, double width, double height) {
        Scene scene = new Scene(root, width, height);
        Window w = owner.get();
        if (w != null && w.getScene() != null) {
            scene.getStylesheets().setAll(w.getScene().getStylesheets());
        }
        return scene;
    }
}
