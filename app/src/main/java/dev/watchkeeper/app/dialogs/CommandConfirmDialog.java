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
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
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
    /** Rows a target list shows before it scrolls. */
    static final int MAX_LIST_ROWS = 12;
    static final double ROW_HEIGHT = 24;

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

        ListView<String> targets = list(TARGETS_ID, plan.targets().stream().map(r -> r.id().fullName() + "  ("
                + r.state().lifecycleText() + (Boolean.FALSE.equals(r.state().enabled()) ? ", disabled" : "") + ")").toList());
        box.getChildren().addAll(new Label("Will " + kind.label().toLowerCase() + " (" + plan.targets().size() + "):"), targets);

        if (!plan.skipped().isEmpty()) {
            // grouped by why, so forty skipped for one reason read as one line of summary
            java.util.Map<String, Long> byReason = new java.util.TreeMap<>();
            plan.skipped().forEach(s -> byReason.merge(s.reason(), 1L, Long::sum));
            List<String> items = plan.skipped().stream()
                    .sorted(java.util.Comparator.comparing(CommandPlan.Skipped::reason).thenComparing(s -> s.row().id()))
                    .map(s -> s.row().id().fullName() + " — " + s.reason()).toList();
            Label why = new Label("Skipped (" + plan.skipped().size() + "): " + byReason.entrySet().stream()
                    .map(e -> e.getKey() + (byReason.size() > 1 || e.getValue() > 1 ? " × " + e.getValue() : ""))
                    .collect(java.util.stream.Collectors.joining("; ")));
            why.setWrapText(true);
            why.setMinHeight(Region.USE_PREF_SIZE);
            box.getChildren().addAll(why, list(SKIPPED_ID, items));
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
        // sized to its content up to most of the screen; longer lists scroll inside their box
        setResizable(true);
        getDialogPane().setMaxHeight(javafx.stage.Screen.getPrimary().getVisualBounds().getHeight() * 0.85);
        setResultConverter(b -> b != null && b.getButtonData() == ButtonBar.ButtonData.OK_DONE ? reason.getText().trim() : null);
    }

    /** A list as tall as its rows (up to {@link #MAX_LIST_ROWS}), never squeezed below that by the layout. */
    private static ListView<String> list(String id, List<String> items) {
        ListView<String> l = new ListView<>(javafx.collections.FXCollections.observableArrayList(items));
        l.setId(id);
        l.setFixedCellSize(ROW_HEIGHT);
        l.setPrefHeight(Math.min(MAX_LIST_ROWS, Math.max(1, items.size())) * ROW_HEIGHT + 4);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }
}
