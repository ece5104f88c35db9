package dev.watchkeeper.app.commands;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerState;
import javafx.beans.InvalidationListener;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.layout.StackPane;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The five commands for the selected indexers. A button that cannot run is disabled, and says why
 * twice: in a tooltip on its wrapper (JavaFX shows no tooltip on a disabled control) and in the
 * hint label ({@link #hint()}, under the buttons unless placed elsewhere) while the pointer is over
 * it or it has the focus. Place it in the fleet toolbar:
 * {@code new CommandBar(session.commands(), fleetView.selection(), dialogs).withShortcuts()}.
 */
public final class CommandBar extends VBox {

    public static final String HINT_ID = "commandHint";

    private final CommandService commands;
    private final ObservableList<IndexerRow> selection;
    private final CommandPrompts dialogs;
    private final Map<CommandKind, Button> buttons = new EnumMap<>(CommandKind.class);
    private final Map<CommandKind, StackPane> wrappers = new EnumMap<>(CommandKind.class);
    private final Map<CommandKind, String> texts = new EnumMap<>(CommandKind.class);
    private final Map<CommandKind, Tooltip> tooltips = new EnumMap<>(CommandKind.class);
    private final Label hint = new Label();
    private final List<IndexerRow> watched = new ArrayList<>();
    private final ChangeListener<IndexerState> rowChanged = (obs, old, now) -> refresh();
    private CommandKind hovered;
    private CommandKind focused;

    /**
     * @param commands  the session's command service
     * @param selection the selected fleet rows (e.g. the table's selected items)
     * @param dialogs   confirmations and progress windows
     */
    public CommandBar(CommandService commands, ObservableList<IndexerRow> selection, CommandPrompts dialogs) {
        this.commands = commands;
        this.selection = selection;
        this.dialogs = dialogs;
        getStyleClass().add("wk-command-bar");
        setSpacing(2);
        setAlignment(Pos.CENTER_RIGHT);
        HBox row = new HBox(6);
        row.setAlignment(Pos.CENTER_RIGHT);

        hint.setId(HINT_ID);
        hint.getStyleClass().add("wk-command-hint");
        // A reason is read whole: the hint wraps (the fleet gives it a full-width line under its toolbar).
        hint.setMinWidth(0);
        hint.setPrefWidth(0);
        hint.setMaxWidth(Double.MAX_VALUE);
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        for (CommandKind kind : CommandKind.values()) {
            // Icons only, so the bar fits the fleet toolbar; the name is in the tooltip, the hint and for screen readers.
            Button b = new Button(null, new FontIcon(icon(kind)));
            b.setId(id(kind));
            b.setAccessibleText(kind.label());
            b.setOnAction(e -> run(kind));
            // keyboard users see the same hint as a pointer hovering
            b.focusedProperty().addListener((obs, was, is) -> {
                focused = is ? kind : (focused == kind ? null : focused);
                showHint();
            });
            b.setMinWidth(Region.USE_PREF_SIZE);
            if (kind.destructive()) {
                b.getStyleClass().add("danger");
            }
            StackPane wrapper = new StackPane(b);
            wrapper.setId(id(kind) + "Wrapper");
            wrapper.hoverProperty().addListener((obs, was, is) -> {
                hovered = is ? kind : (hovered == kind ? null : hovered);
                showHint();
            });
            Tooltip tip = new Tooltip();
            tip.setShowDelay(javafx.util.Duration.millis(250));
            tip.setShowDuration(javafx.util.Duration.seconds(30));
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            Tooltip.install(wrapper, tip);
            tooltips.put(kind, tip);
            buttons.put(kind, b);
            wrappers.put(kind, wrapper);
            row.getChildren().add(wrapper);
        }
        // The hint gets its own line under the buttons, so a long reason never pushes them out of view.
        getChildren().addAll(row, hint);

        selection.addListener((ListChangeListener<IndexerRow>) c -> {
            watchSelectedRows();
            refresh();
        });
        commands.revisionProperty().addListener((InvalidationListener) o -> refresh());
        watchSelectedRows();
        refresh();
    }

    /**
     * Gives the commands their {@link #SHORTCUTS} in this bar's scene, acting while the bar is on
     * screen (its tab selected). One bar per window: the fleet's (an incident card's bar has none).
     */
    public CommandBar withShortcuts() {
        sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                SHORTCUTS.values().forEach(old.getAccelerators()::remove);
            }
            if (scene != null) {
                SHORTCUTS.forEach((kind, keys) -> scene.getAccelerators().put(keys, () -> {
                    if (showing()) {
                        run(kind);
                    }
                }));
            }
        });
        return this;
    }

    /** The line that says what a hovered or focused button would do, or why it cannot; place it where it has room. */
    public Label hint() {
        return hint;
    }

    /** The keys of each command (on the selection, while the fleet is shown). */
    public static final Map<CommandKind, KeyCombination> SHORTCUTS = Map.of(
            CommandKind.SUSPEND, KeyCombination.keyCombination("Shortcut+Shift+S"),
            CommandKind.UNSUSPEND, KeyCombination.keyCombination("Shortcut+Shift+U"),
            CommandKind.REPAIR, KeyCombination.keyCombination("Shortcut+Shift+R"),
            CommandKind.RESTART, KeyCombination.keyCombination("Shortcut+Shift+T"),
            CommandKind.DELETE, KeyCombination.keyCombination("Shortcut+Shift+D"));

    private boolean showing() {
        for (javafx.scene.Node n = this; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return getScene() != null;
    }

    /** The id of the button for {@code kind}: suspendButton, unsuspendButton, repairButton, restartButton, deleteButton. */
    public static String id(CommandKind kind) {
        return kind.name().toLowerCase() + "Button";
    }

    public Button button(CommandKind kind) {
        return buttons.get(kind);
    }

    /** The tooltip on {@code kind}'s button wrapper (shown even while the button is disabled). */
    public Tooltip tooltip(CommandKind kind) {
        return tooltips.get(kind);
    }

    /** What the bar tells the operator about {@code kind} now: its effect, or why it is unavailable. */
    public String availabilityText(CommandKind kind) {
        return texts.get(kind);
    }

    private static Ikon icon(CommandKind kind) {
        return switch (kind) {
            case SUSPEND -> Material2MZ.PAUSE;
            case UNSUSPEND -> Material2MZ.PLAY_ARROW;
            case REPAIR -> Material2AL.BUILD;
            case RESTART -> Material2MZ.REFRESH;
            case DELETE -> Material2AL.DELETE_FOREVER;
        };
    }

    private void watchSelectedRows() {
        watched.forEach(r -> r.stateProperty().removeListener(rowChanged));
        watched.clear();
        watched.addAll(selection);
        watched.forEach(r -> r.stateProperty().addListener(rowChanged));
    }

    /** Re-evaluates every button against the selection, the profile and the coordinator. */
    public void refresh() {
        List<IndexerRow> rows = List.copyOf(selection);
        for (CommandKind kind : CommandKind.values()) {
            String reason = commands.unavailableReason(kind, rows);
            String text = reason == null ? kind.label() + (rows.size() > 1 ? " (" + commands.plan(kind, rows).targets().size()
                    + " of " + rows.size() + " selected)" : "") + ": " + kind.effect()
                    : kind.label() + " unavailable: " + reason;
            texts.put(kind, text);
            buttons.get(kind).setDisable(reason != null);
            tooltips.get(kind).setText(text + " (" + SHORTCUTS.get(kind).getDisplayText() + ")");
        }
        showHint();
    }

    private void showHint() {
        CommandKind shown = hovered != null ? hovered : focused;
        if (shown != null) {
            hint.setText(texts.get(shown));
        } else if (commands.pausedReasonProperty().get() != null) {
            // the full reason is in each button's tooltip; the hint is short enough to be read whole
            hint.setText("Showing history: press Live");
        } else if (commands.readOnlyProperty().get()) {
            hint.setText("Read-only profile: commands are disabled");
        } else {
            hint.setText("");
        }
    }

    private void run(CommandKind kind) {
        List<IndexerRow> rows = List.copyOf(selection);
        if (commands.unavailableReason(kind, rows) != null) {
            refresh();
            return;
        }
        CommandPlan plan = commands.plan(kind, rows);
        // Unsuspend of one indexer undoes a suspend and needs no confirmation; everything else asks.
        Optional<String> reason = plan.bulk() || kind != CommandKind.UNSUSPEND ? dialogs.confirm(plan) : Optional.of("");
        if (reason.isEmpty()) {
            hint.setText(kind.label() + " cancelled; nothing was sent");
            return;
        }
        BulkProgress progress = commands.start(plan, reason.get());
        if (plan.bulk()) {
            dialogs.showProgress(progress);
        }
        refresh();
    }
}
