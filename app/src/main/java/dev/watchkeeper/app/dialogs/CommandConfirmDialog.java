package dev.watchkeeper.app.dialogs;

import dev.watchkeeper.app.commands.CommandPlan;
import dev.watchkeeper.model.CommandKind;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * Confirmation of one command plan: names the effect and the indexers; for several indexers lists
 * who is skipped and why; for Delete asks for a reason and the typed name (OK stays disabled until both are there).
 */
public final class CommandConfirmDialog extends Dialog<String> {

    public static final String OK_ID = "confirmCommandOk";
    public static final String REASON_ID = "commandReason";
    public static final String TYPED_ID = "commandTypedConfirmation";
    public static final String TARGETS_ID = "commandTargets";
    public static final String SKIPPED_ID = "commandSkipped";
    static final int MAX_LIST_HEIGHT = 180;

    public CommandConfirmDialog(Window owner, CommandPlan plan) {
        if (owner != null) {
            initOwner(owner);
        }
        CommandKind kind = plan.kind();
        setTitle(plan.title());
        setHeaderText(plan.bulk() ? kind.label() + " " + plan.targets().size() + " of "
                + (plan.targets().size() + plan.skipped().size()) + " selected indexers?" : plan.title() + "?");
        setGraphic(new FontIcon(kind.destructive() ? Material2AL.DELETE_FOREVER : Material2MZ.PLAY_CIRCLE_OUTLINE));

        VBox box = new VBox(8);
        box.setPadding(new Insets(4, 0, 0, 0));
        box.setPrefWidth(560);
        Label effect = new Label(kind.label() + " " + kind.effect() + ".");
        effect.setWrapText(true);
        box.getChildren().add(effect);
        for (String note : plan.notes()) {
            Label l = new Label(note + ".", new FontIcon(Material2AL.INFO));
            l.setWrapText(true);
            l.getStyleClass().add("wk-command-note");
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            box.getChildren().add(l);
        }

        ListView<String> targets = new ListView<>();
        targets.setId(TARGETS_ID);
        plan.targets().forEach(r -> targets.getItems().add(r.id().fullName() + "  (" + r.state().lifecycleText() + ")"));
        targets.setPrefHeight(Math.min(MAX_LIST_HEIGHT, 26 * Math.max(1, plan.targets().size()) + 4));
        box.getChildren().addAll(new Label("Will " + kind.label().toLowerCase() + " (" + plan.targets().size() + "):"), targets);

        if (!plan.skipped().isEmpty()) {
            ListView<String> skipped = new ListView<>();
            skipped.setId(SKIPPED_ID);
            plan.skipped().forEach(s -> skipped.getItems().add(s.row().id().fullName() + " — " + s.reason()));
            skipped.setPrefHeight(Math.min(MAX_LIST_HEIGHT, 26 * plan.skipped().size() + 4));
            box.getChildren().addAll(new Label("Skipped (" + plan.skipped().size() + "):"), skipped);
        }

        getDialogPane().getButtonTypes().setAll(
                new ButtonType(plan.bulk() ? kind.label() + " " + plan.targets().size() : kind.label(), ButtonBar.ButtonData.OK_DONE),
                ButtonType.CANCEL);
        Button ok = (Button) getDialogPane().lookupButton(getDialogPane().getButtonTypes().getFirst());
        ok.setId(OK_ID);
        ok.setDefaultButton(!kind.destructive());

        TextField reason = new TextField();
        reason.setId(REASON_ID);
        if (kind.destructive()) {
            reason.setPromptText("Why? (recorded in the audit log and sent to the coordinator)");
            String expected = plan.deleteConfirmationText();
            TextField typed = new TextField();
            typed.setId(TYPED_ID);
            typed.setPromptText(expected);
            Label typeLabel = new Label("Type " + expected + " to confirm:");
            typeLabel.setWrapText(true);
            box.getChildren().addAll(new Label("Reason:"), reason, typeLabel, typed);
            BooleanBinding incomplete = Bindings.createBooleanBinding(
                    () -> reason.getText().isBlank() || !typed.getText().trim().equals(expected),
                    reason.textProperty(), typed.textProperty());
            ok.disableProperty().bind(incomplete);
        }
        if (plan.targets().isEmpty()) {
            ok.disableProperty().unbind();
            ok.setDisable(true);
        }
        getDialogPane().setContent(box);
        setResultConverter(b -> b != null && b.getButtonData() == ButtonBar.ButtonData.OK_DONE ? reason.getText().trim() : null);
    }
}
