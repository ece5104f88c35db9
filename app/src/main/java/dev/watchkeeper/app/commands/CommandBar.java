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
 * hint label next to the buttons while the pointer is over it. Place it in the fleet toolbar:
 * {@code new CommandBar(session.commands(), fleetView.selection(), dialogs)}.
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
        // As wide as the buttons, never wider: a long reason is cut here and shown whole in the tooltip.
        hint.setMinWidth(0);
        hint.setPrefWidth(0);
        hint.setMaxWidth(Double.MAX_VALUE);
        hint.setTextOverrun(javafx.scene.control.OverrunStyle.ELLIPSIS);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        for (CommandKind kind : CommandKind.values()) {
            // Icons only, so the bar fits the fleet toolbar; the name is in the tooltip, the hint and for screen readers.
            Button b = new Button(null, new FontIcon(icon(kind)));
            b.setId(id(kind));
            b.setAccessibleText(kind.label());
            b.setOnAction(e -> run(kind));
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
            tooltips.get(kind).setText(text);
        }
        showHint();
    }

    private void showHint() {
        if (hovered != null) {
            hint.setText(texts.get(hovered));
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
