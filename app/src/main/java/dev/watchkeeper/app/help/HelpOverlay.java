package dev.watchkeeper.app.help;

import dev.watchkeeper.app.commands.CommandBar;
import dev.watchkeeper.model.CommandKind;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.List;

/** A panel over the window listing the keyboard shortcuts (F1 or ?); Escape or a click closes it. */
public final class HelpOverlay extends StackPane {

    public static final String ID = "helpOverlay";

    public record Shortcut(String keys, String what) {
    }

    public static final List<Shortcut> SHORTCUTS = shortcuts();

    private static List<Shortcut> shortcuts() {
        List<Shortcut> all = new java.util.ArrayList<>(List.of(
                new Shortcut("F1 or ?", "show / hide this help"),
                new Shortcut("Ctrl+1 … Ctrl+6", "Attention, Fleet, Epochs, Audit, Workers, Incidents (focus on the table)"),
                new Shortcut("Ctrl+F", "filter the fleet (account, function, state, health)"),
                new Shortcut("Down or Enter in the filter", "go on to the fleet table, first row selected"),
                new Shortcut("Up / Down, Shift+Up / Down", "move in a table, select several indexers"),
                new Shortcut("Enter / double-click", "open the selected indexer's detail"),
                new Shortcut("Ctrl+W", "close the current detail tab and go back to where it was opened")));
        // the commands' keys come from the bar that runs them, so this list cannot drift
        for (CommandKind kind : CommandKind.values()) {
            all.add(new Shortcut(CommandBar.SHORTCUTS.get(kind).getDisplayText(), kind.label() + " the selected indexers (Fleet tab)"));
        }
        all.addAll(List.of(
                new Shortcut("Enter / Escape in a confirmation", "confirm (not for Delete: type the name) / cancel"),
                new Shortcut("Tab / Shift+Tab", "move between filters, table and command buttons; Space presses a button"),
                new Shortcut("Ctrl+E", "export the fleet view (as filtered and sorted) to CSV"),
                new Shortcut("Ctrl+Shift+L", "switch between light and dark theme"),
                new Shortcut("Shift / Ctrl + click", "select several indexers"),
                new Shortcut("Escape", "close this help")));
        return List.copyOf(all);
    }

    public HelpOverlay() {
        setId(ID);
        getStyleClass().add("wk-help-overlay");
        GridPane grid = new GridPane(24, 6);
        int row = 0;
        for (Shortcut s : SHORTCUTS) {
            Label k = new Label(s.keys());
            k.getStyleClass().add("wk-help-keys");
            grid.addRow(row++, k, new Label(s.what()));
        }
        Label title = new Label("Keyboard shortcuts");
        title.getStyleClass().add("title-3");
        Button close = new Button("Close");
        close.setOnAction(e -> setVisible(false));
        VBox card = new VBox(12, title, grid, close);
        card.getStyleClass().add("wk-help-card");
        card.setPadding(new Insets(20));
        card.setMaxSize(VBox.USE_PREF_SIZE, VBox.USE_PREF_SIZE);
        card.setAlignment(Pos.TOP_LEFT);
        getChildren().add(card);
        setVisible(false);
        setOnMouseClicked(e -> {
            if (e.getTarget() == this) {
                setVisible(false);
            }
        });
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                setVisible(false);
                e.consume();
            }
        });
        visibleProperty().addListener((obs, o, v) -> {
            if (v) {
                requestFocus();
            }
        });
    }

    public void toggle() {
        setVisible(!isVisible());
    }
}
