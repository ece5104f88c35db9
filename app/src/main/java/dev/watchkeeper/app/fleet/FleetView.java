package dev.watchkeeper.app.fleet;

import dev.watchkeeper.app.ui.ColumnFit;
import dev.watchkeeper.app.ui.SeverityCell;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import javafx.beans.value.ObservableValue;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The fleet table with its filters and the slot for the commands' bar ({@link #setCommandBar(Node)}),
 * which acts on {@link #selection()}. Talks only to view models.
 */
public final class FleetView extends BorderPane {

    public static final String TABLE_ID = "fleetTable";
    public static final String FILTER_ID = "fleetFilter";
    public static final String LIFECYCLE_FILTER_ID = "lifecycleFilter";
    public static final String HEALTH_FILTER_ID = "healthFilter";
    public static final String CLEAR_FILTER_ID = "clearFilter";
    public static final String COUNT_ID = "fleetCount";
    /**
     * By lifecycle, then by the text shown (unknown raw values, unreadable values). The text is only
     * built when two states of the same lifecycle differ in what it is made of: a 10,000-row re-sort
     * compares mostly equal Running states, and building two strings per comparison was most of it.
     */
    static final Comparator<IndexerState> LIFECYCLE_ORDER = (a, b) -> {
        int byLifecycle = a.lifecycle().compareTo(b.lifecycle());
        if (byLifecycle != 0 || (a.readability() == b.readability() && Objects.equals(a.rawLifecycle(), b.rawLifecycle())
                && Objects.equals(a.problem(), b.problem()))) {
            return byLifecycle;
        }
        return a.lifecycleText().compareTo(b.lifecycleText());
    };

    /** Attention rank (most urgent first, fine rows last), then account. */
    public static final String DEFAULT_SORT = "attentionColumn:ASCENDING,accountColumn:ASCENDING";

    private final FleetViewModel model;
    private final ObservableValue<Instant> now;
    private final TableView<IndexerRow> table = new TableView<>();
    private final Label count = new Label();
    private final HBox commandSlot = new HBox(8);
    private final HBox extraSlot = new HBox(8);
    private final HBox hintSlot = new HBox();
    private final TextField filter = new TextField();
    private Consumer<IndexerRow> onOpen = row -> { };

    /** @param askText asks the operator for a line of text (title, question), e.g. a saved filter's name */
    public FleetView(FleetViewModel model, ObservableValue<Instant> now, SavedFilters saved,
                     BiFunction<String, String, Optional<String>> askText) {
        this.model = model;
        this.now = now;
        getStyleClass().add("wk-fleet");

        // the lifecycle texts depend on the coordinator's kind (upstream's Deleting reads "Deleted")
        model.coordinatorProperty().addListener((obs, old, kind) -> table.refresh());
        filter.setId(FILTER_ID);
        // short enough not to be cut on a 1,280-px window; the tooltip says what it matches
        filter.setPromptText("Filter (Ctrl+F)");
        filter.setTooltip(new Tooltip("Filter by account, function, lifecycle state or health (Ctrl+F); Down goes on to the table"));
        filter.textProperty().bindBidirectional(model.filterTextProperty());
        HBox.setHgrow(filter, Priority.SOMETIMES);
        filter.setPrefWidth(300);
        // Down or Enter in the filter goes on to the table, on the first row: no mouse needed
        filter.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.ENTER) {
                focusTable();
                e.consume();
            }
        });
        filter.setMinWidth(160);

        var lifecycleCombo = new SetCheckCombo<>(List.of(LifecycleState.values()), model.lifecycleFilter(), "Any state", "states");
        lifecycleCombo.setId(LIFECYCLE_FILTER_ID);
        lifecycleCombo.setConverterFunction(LifecycleState::label);
        var healthCombo = new SetCheckCombo<>(HealthFacet.all(), model.healthFilter(), "Any health", "health");
        healthCombo.setId(HEALTH_FILTER_ID);
        Button clear = new Button(null, new FontIcon(Material2AL.CLEAR));
        clear.setId(CLEAR_FILTER_ID);
        clear.setTooltip(new Tooltip("Clear all filters"));
        clear.setOnAction(e -> model.setFilter(FleetFilter.NONE));
        clear.disableProperty().bind(model.filterProperty().map(FleetFilter::isEmpty));
        Region savedMenu = new SavedFiltersMenu(model, saved, askText);
        savedMenu.setMinWidth(Region.USE_PREF_SIZE);

        commandSlot.setAlignment(Pos.CENTER_LEFT);
        extraSlot.setAlignment(Pos.CENTER_LEFT);
        count.setId(COUNT_ID);
        count.setMinWidth(Region.USE_PREF_SIZE);
        count.getStyleClass().add("wk-muted");

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, filter, lifecycleCombo, healthCombo, clear, savedMenu, count, spacer, commandSlot, extraSlot);
        toolbar.getStyleClass().add("wk-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.setPadding(new Insets(6, 8, 6, 8));
        hintSlot.setPadding(new Insets(0, 8, 2, 8));
        hintSlot.setAlignment(Pos.CENTER_RIGHT);
        hintSlot.setVisible(false);
        hintSlot.setManaged(false);
        setTop(new javafx.scene.layout.VBox(toolbar, hintSlot));

        buildTable();
        setCenter(table);

        model.sortedRows().addListener((javafx.beans.InvalidationListener) o -> updateCount());
        model.allRows().addListener((javafx.beans.InvalidationListener) o -> updateCount());
        updateCount();
    }

    private void updateCount() {
        count.setText(model.sortedRows().size() + " of " + model.allRows().size() + " indexers");
    }

    /** Focuses the filter box and selects its text (the window's Ctrl+F shows the fleet tab, then calls this). */
    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    /** Focuses the table, selecting the first row when none is selected (keyboard use). */
    public void focusTable() {
        table.requestFocus();
        if (table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()) {
            table.getSelectionModel().select(0);
            table.getFocusModel().focus(0);
        }
    }

    private void buildTable() {
        table.setId(TABLE_ID);
        table.getStyleClass().addAll(atlantafx.base.theme.Styles.DENSE, atlantafx.base.theme.Styles.STRIPED);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("No indexers match: waiting for data from Redis, or the filters hide them all"));

        TableColumn<IndexerRow, AttentionKind> attention = new TableColumn<>("Attention");
        attention.setId("attentionColumn");
        attention.setCellValueFactory(c -> c.getValue().attentionProperty());
        attention.setCellFactory(c -> new SeverityCell<>());
        // the most urgent first, rows that need nobody last
        attention.setComparator(Comparator.nullsLast(Comparator.naturalOrder()));
        attention.setPrefWidth(150);

        TableColumn<IndexerRow, String> account = new TableColumn<>("Account");
        account.setId("accountColumn");
        account.setCellValueFactory(c -> c.getValue().accountProperty());
        account.setPrefWidth(185);
        // The row's own name property: a sort asks for it at every comparison (a new wrapper each time showed in profiles).
        // The default column comparator clones a Collator per comparison: 10k-row sorts took
        // tens of ms per pulse. Account ids are lowercase ASCII, so plain order is the same order.
        account.setComparator(String::compareTo);

        TableColumn<IndexerRow, String> function = new TableColumn<>("Function");
        function.setId("functionColumn");
        function.setCellValueFactory(c -> c.getValue().functionProperty());
        function.setPrefWidth(170);
        function.setComparator(String::compareTo);

        TableColumn<IndexerRow, IndexerState> lifecycle = new TableColumn<>("Lifecycle");
        lifecycle.setId("lifecycleColumn");
        lifecycle.setCellValueFactory(c -> c.getValue().stateProperty());
        lifecycle.setCellFactory(c -> new LifecycleCell(model.coordinatorProperty()));
        lifecycle.setComparator(LIFECYCLE_ORDER);
        lifecycle.setPrefWidth(140);

        TableColumn<IndexerRow, String> enabled = new TableColumn<>("Enabled");
        enabled.setId("enabledColumn");
        enabled.setCellValueFactory(c -> c.getValue().stateProperty().map(s ->
                s.enabled() == null ? "unknown" : s.enabled() ? "yes" : "no"));
        enabled.setPrefWidth(85);

        TableColumn<IndexerRow, FleetCells.StreamCell> stream = new TableColumn<>("Block stream");
        stream.setId("streamColumn");
        stream.setCellValueFactory(c -> c.getValue().revisionProperty().map(r ->
                new FleetCells.StreamCell(c.getValue().streamHealth(), c.getValue().streamUpdatedAtSecs())));
        stream.setCellFactory(c -> new FleetCells.StreamHealthCell(now));
        // room for "RUNNING · 1 min 10 s ago": the age grows after the columns were fitted
        stream.setPrefWidth(250);

        TableColumn<IndexerRow, ExecutorHealth> executor = new TableColumn<>("Executor");
        executor.setId("executorColumn");
        executor.setCellValueFactory(c -> c.getValue().revisionProperty().map(r -> c.getValue().executorHealth()));
        executor.setCellFactory(c -> new FleetCells.ExecutorHealthCell());
        executor.setPrefWidth(115);

        TableColumn<IndexerRow, Long> block = new TableColumn<>("Last block");
        block.setId("blockColumn");
        block.setCellValueFactory(c -> c.getValue().revisionProperty().map(r -> c.getValue().lastPublishedBlock()).orElse(null));
        block.setCellFactory(c -> new FleetCells.NumberCell());
        block.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        block.setPrefWidth(110);

        TableColumn<IndexerRow, Long> queue = new TableColumn<>("Queue");
        queue.setId("queueColumn");
        queue.setCellValueFactory(c -> c.getValue().revisionProperty().map(r -> c.getValue().queueDepth()).orElse(null));
        queue.setCellFactory(c -> new FleetCells.NumberCell());
        queue.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        queue.setPrefWidth(85);

        TableColumn<IndexerRow, FleetCells.Since> inState = new TableColumn<>("In state");
        inState.setId("inStateColumn");
        inState.setCellValueFactory(c -> c.getValue().stateSinceProperty().map(i -> new FleetCells.Since(i, c.getValue().stateSinceExact())));
        inState.setCellFactory(c -> new FleetCells.SinceCell(now));
        // Ascending = shortest time in state first, as the column reads.
        inState.setComparator(Comparator.nullsLast(Comparator.comparing(FleetCells.Since::at, Comparator.reverseOrder())));
        inState.setPrefWidth(125);

        TableColumn<IndexerRow, String> note = new TableColumn<>("Command");
        note.setId("commandColumn");
        note.setCellValueFactory(c -> c.getValue().commandNoteProperty());
        note.setComparator(Comparator.nullsFirst(Comparator.naturalOrder()));
        note.setPrefWidth(240);

        table.getColumns().setAll(List.of(attention, account, function, lifecycle, enabled, stream, executor, block, queue, inState, note));
        new RowOrder()
                .key(attention, IndexerRow::attention)
                .key(account, r -> r.id().accountId())
                .key(function, r -> r.id().functionName())
                .key(lifecycle, IndexerRow::state)
                .key(executor, IndexerRow::executorHealth)
                .key(block, IndexerRow::lastPublishedBlock)
                .key(queue, IndexerRow::queueDepth)
                .install(table, model.sortedRows());
        // Names never change: sorted by them alone, a changed row keeps its place.
        Set<TableColumn<IndexerRow, ?>> fixedOrder = Set.of(account, function);
        // Progress changes for every running indexer about once a second: only these columns' order follows it.
        Set<TableColumn<IndexerRow, ?>> progressOrder = Set.of(block, queue);
        // Every stream's updated_at moves on each health poll: only these columns' order follows health.
        Set<TableColumn<IndexerRow, ?>> healthOrder = Set.of(stream, executor);
        // Columns whose order the state and its beginning do not move (attention moves through its own updates); any other may.
        Set<TableColumn<IndexerRow, ?>> notStateOrder = Set.of(attention, account, function, stream, executor, block, queue);
        javafx.beans.InvalidationListener sortFollows = o -> {
            model.sortFollowsChangesProperty().set(!fixedOrder.containsAll(table.getSortOrder()));
            model.sortFollowsProgressProperty().set(table.getSortOrder().stream().anyMatch(progressOrder::contains));
            model.sortFollowsHealthProperty().set(table.getSortOrder().stream().anyMatch(healthOrder::contains));
            model.sortFollowsStateProperty().set(!notStateOrder.containsAll(table.getSortOrder()));
        };
        table.getSortOrder().addListener(sortFollows);
        sortFollows.invalidated(table.getSortOrder());
        table.setItems(model.sortedRows());
        model.sortedRows().setPermutationCover(each -> {
            table.getSelectionModel().getSelectedIndices().forEach(each::accept);
            each.accept(table.getFocusModel().getFocusedIndex());
        });
        ColumnFit.onFirstRows(table);
        // what needs an operator first, until the user (or the remembered choice, rememberSort) says otherwise
        FleetSortOrder.apply(table, null, DEFAULT_SORT);

        table.setRowFactory(t -> {
            TableRow<IndexerRow> r = new TableRow<>();
            r.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !r.isEmpty()) {
                    onOpen.accept(r.getItem());
                }
            });
            return r;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                onOpen.accept(table.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
    }

    /**
     * Adds optional columns after the others (e.g. the workers' metrics), hidden or shown as each
     * says; the table's column menu lets the operator choose.
     */
    public void addColumns(List<TableColumn<IndexerRow, ?>> columns) {
        table.getColumns().addAll(columns);
        table.setTableMenuButtonVisible(true);
    }

    /**
     * Restores the order last chosen ({@code saved}, {@link FleetSortOrder}'s text; null: the
     * default) and reports each change the user makes to {@code save}. Call after all columns are added.
     */
    public void rememberSort(String saved, Consumer<String> save) {
        FleetSortOrder.apply(table, saved, DEFAULT_SORT);
        FleetSortOrder.onChange(table, save);
    }

    /** What double-click and Enter on a row do (open its detail). */
    public void setOnOpen(Consumer<IndexerRow> onOpen) {
        this.onOpen = onOpen == null ? row -> { } : onOpen;
    }

    /** Puts the commands' bar (acting on {@link #selection()}) in the toolbar. */
    public void setCommandBar(Node bar) {
        commandSlot.getChildren().setAll(bar);
    }

    /**
     * A full-width line under the toolbar for the commands' hint ({@code CommandBar.hint()}): a
     * reason as wide as the buttons was cut off ("Suspend unavailable: already …"). Shown while
     * the hint says something, so an idle table loses no row.
     */
    public void setCommandHint(Label hint) {
        HBox.setHgrow(hint, Priority.ALWAYS);
        hint.setAlignment(Pos.CENTER_RIGHT);
        hint.setTextAlignment(javafx.scene.text.TextAlignment.RIGHT);
        hintSlot.getChildren().setAll(hint);
        hintSlot.visibleProperty().bind(hint.textProperty().isNotEmpty());
        hintSlot.managedProperty().bind(hintSlot.visibleProperty());
    }

    /** Further toolbar items at the end (e.g. export). */
    public HBox extraSlot() {
        return extraSlot;
    }

    /** The selected rows, live. */
    public ObservableList<IndexerRow> selection() {
        return table.getSelectionModel().getSelectedItems();
    }

    public TableView<IndexerRow> table() {
        return table;
    }
}
