package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.commands.CommandService;
import dev.watchkeeper.model.CommandKind;
import dev.watchkeeper.model.IndexerState;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/** The fleet table with its filter box and command buttons. Talks only to view models. */
public final class FleetView extends BorderPane {

    public static final String TABLE_ID = "fleetTable";
    public static final String FILTER_ID = "fleetFilter";
    public static final String SUSPEND_ID = "suspendButton";
    public static final String UNSUSPEND_ID = "unsuspendButton";

    private final FleetViewModel model;
    private final CommandService commands;
    private final TableView<IndexerRow> table = new TableView<>();
    private final Button suspend = new Button("Suspend", new FontIcon(Material2MZ.PAUSE));
    private final Button unsuspend = new Button("Unsuspend", new FontIcon(Material2MZ.PLAY_ARROW));
    private final Label count = new Label();
    private HBox toolbar;

    public FleetView(FleetViewModel model, CommandService commands) {
        this.model = model;
        this.commands = commands;
        getStyleClass().add("wk-fleet");

        TextField filter = new TextField();
        filter.setId(FILTER_ID);
        filter.setPromptText("Filter: account, function or state (Ctrl+F)");
        filter.textProperty().bindBidirectional(model.filterTextProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        filter.setMaxWidth(420);

        suspend.setId(SUSPEND_ID);
        unsuspend.setId(UNSUSPEND_ID);
        suspend.setOnAction(e -> run(CommandKind.SUSPEND));
        unsuspend.setOnAction(e -> run(CommandKind.UNSUSPEND));

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        toolbar = new HBox(8, filter, count, spacer, suspend, unsuspend);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(8));
        setTop(toolbar);

        buildTable();
        setCenter(table);

        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.F, KeyCombination.SHORTCUT_DOWN), filter::requestFocus);
            }
        });
        model.sortedRows().addListener((javafx.collections.ListChangeListener<IndexerRow>) c -> refreshActions());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> refreshActions());
        commands.revisionProperty().addListener((obs, old, rev) -> refreshActions());
        model.sortedRows().addListener((javafx.beans.InvalidationListener) o ->
                count.setText(model.sortedRows().size() + " of " + model.allRows().size() + " indexers"));
        refreshActions();
    }

    private void buildTable() {
        table.setId(TABLE_ID);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No indexers (yet): waiting for data from Redis"));

        TableColumn<IndexerRow, String> account = new TableColumn<>("Account");
        account.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id().accountId()));
        account.setPrefWidth(220);

        TableColumn<IndexerRow, String> function = new TableColumn<>("Function");
        function.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id().functionName()));
        function.setPrefWidth(200);

        TableColumn<IndexerRow, IndexerState> lifecycle = new TableColumn<>("Lifecycle");
        lifecycle.setId("lifecycleColumn");
        lifecycle.setCellValueFactory(c -> c.getValue().stateProperty());
        lifecycle.setCellFactory(c -> new LifecycleCell());
        lifecycle.setComparator((a, b) -> a.lifecycle().compareTo(b.lifecycle()));
        lifecycle.setPrefWidth(170);

        TableColumn<IndexerRow, String> enabled = new TableColumn<>("Enabled");
        enabled.setCellValueFactory(c -> c.getValue().stateProperty().map(s ->
                s.enabled() == null ? "unknown" : s.enabled() ? "yes" : "no"));
        enabled.setPrefWidth(80);

        TableColumn<IndexerRow, String> note = new TableColumn<>("Command");
        note.setCellValueFactory(c -> c.getValue().commandNoteProperty());
        note.setPrefWidth(300);

        table.getColumns().setAll(java.util.List.of(account, function, lifecycle, enabled, note));
        model.sortedRows().comparatorProperty().bind(table.comparatorProperty());
        table.setItems(model.sortedRows());
    }

    /** Re-evaluates which commands the selection allows; each disabled button says why. */
    public void refreshActions() {
        IndexerRow row = table.getSelectionModel().getSelectedItem();
        configure(suspend, CommandKind.SUSPEND, row);
        configure(unsuspend, CommandKind.UNSUSPEND, row);
    }

    private void configure(Button button, CommandKind kind, IndexerRow row) {
        String reason = commands.unavailableReason(kind, row);
        button.setDisable(reason != null);
        // A disabled control shows no tooltip in JavaFX; the wrapper text explains on the button itself.
        button.setTooltip(new Tooltip(reason == null ? kind.effect() : kind.label() + " unavailable: " + reason));
    }

    private void run(CommandKind kind) {
        IndexerRow row = table.getSelectionModel().getSelectedItem();
        if (row != null) {
            commands.run(kind, row);
            refreshActions();
        }
    }

    /** Puts the command bar (all commands, see app/commands/CommandBar) in place of the built-in Suspend/Unsuspend buttons. */
    public void setCommandBar(javafx.scene.Node bar) {
        toolbar.getChildren().removeAll(suspend, unsuspend);
        toolbar.getChildren().add(bar);
    }

    public TableView<IndexerRow> table() {
        return table;
    }
}
