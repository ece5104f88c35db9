package dev.watchkeeper.app.attention;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.app.ui.AgeCell;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.attention.AttentionItem;
import dev.watchkeeper.model.attention.AttentionKind;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** The indexers that need an operator, most urgent first, each with a one-line reason. Double-click or Enter opens one. */
public final class AttentionView extends BorderPane {

    public static final String TABLE_ID = "attentionTable";
    public static final String SUMMARY_ID = "attentionSummary";

    private final TableView<AttentionEntry> table = new TableView<>();
    private final Label summary = new Label();
    private final javafx.scene.layout.VBox topBox = new javafx.scene.layout.VBox();
    private javafx.collections.transformation.FilteredList<AttentionEntry> shown;
    private boolean refilterPending;
    private java.util.function.Predicate<AttentionEntry> lone;
    private Consumer<IndexerRow> onOpen = r -> { };

    private final AttentionViewModel model;

    public AttentionView(AttentionViewModel model) {
        this.model = model;
        getStyleClass().add("wk-attention");
        summary.setId(SUMMARY_ID);
        summary.getStyleClass().add("wk-attention-summary");
        HBox top = new HBox(8, summary);
        top.setAlignment(Pos.CENTER_LEFT);
        top.setPadding(new Insets(8));
        topBox.getChildren().add(top);
        setTop(topBox);

        table.setId(TABLE_ID);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label("Nothing needs an operator right now", new FontIcon(Material2AL.CHECK_CIRCLE));
        placeholder.getStyleClass().add(Styles.SUCCESS);
        table.setPlaceholder(placeholder);

        TableColumn<AttentionEntry, AttentionKind> kind = new TableColumn<>("Problem");
        kind.setCellValueFactory(c -> c.getValue().itemProperty().map(AttentionItem::kind));
        kind.setCellFactory(c -> new dev.watchkeeper.app.ui.SeverityCell<>());
        kind.setPrefWidth(170);

        TableColumn<AttentionEntry, String> name = new TableColumn<>("Indexer");
        name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().row().id().fullName()));
        name.setPrefWidth(280);

        TableColumn<AttentionEntry, IndexerState> life = new TableColumn<>("Lifecycle");
        life.setCellValueFactory(c -> c.getValue().row().stateProperty());
        life.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(IndexerState s, boolean empty) {
                super.updateItem(s, empty);
                if (empty || s == null) {
                    Styles.setHealth(this, null);
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(s.lifecycleText());
                setGraphic(new FontIcon(Styles.iconForLifecycle(s.lifecycle())));
                Styles.setHealth(this, Styles.forLifecycle(s.lifecycle()));
            }
        });
        life.setComparator(Comparator.comparing(IndexerState::lifecycle));
        life.setPrefWidth(130);

        TableColumn<AttentionEntry, Instant> since = new TableColumn<>("Since");
        since.setCellValueFactory(c -> c.getValue().itemProperty().map(AttentionItem::since));
        // how long ago it began, ticking with the session clock; the absolute time and zone on hover
        since.setCellFactory(c -> new AgeCell<>(model.now()));
        since.setComparator(Comparator.nullsLast(Comparator.naturalOrder()));
        since.setPrefWidth(100);

        TableColumn<AttentionEntry, String> reason = new TableColumn<>("Reason");
        reason.setId("reasonColumn");
        reason.setCellValueFactory(c -> c.getValue().itemProperty().map(i ->
                i.more() == 0 ? i.reason() : i.reason() + "  (+" + i.more() + " more)"));
        reason.setPrefWidth(420);
        reason.setCellFactory(c -> new ReasonCell());

        table.getColumns().setAll(List.of(kind, name, life, since, reason));
        // The view ranks; clicking a header re-sorts only what is shown.
        shown = new javafx.collections.transformation.FilteredList<>(model.ranked());
        var sorted = new javafx.collections.transformation.SortedList<>(shown);
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        setCenter(table);

        table.setRowFactory(t -> {
            TableRow<AttentionEntry> r = new TableRow<>();
            r.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !r.isEmpty()) {
                    onOpen.accept(r.getItem().row());
                }
            });
            return r;
        });
        table.setOnKeyPressed(e -> {
            AttentionEntry sel = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && sel != null) {
                onOpen.accept(sel.row());
                e.consume();
            }
        });
        model.ranked().addListener((ListChangeListener<AttentionEntry>) c -> updateSummary(model));
        updateSummary(model);
    }

    private void updateSummary(AttentionViewModel model) {
        int n = model.ranked().size();
        summary.getStyleClass().removeAll(Styles.HEALTH);
        if (n == 0) {
            summary.setText("All clear: no indexer needs an operator");
            summary.setGraphic(new FontIcon(Material2AL.CHECK_CIRCLE));
            summary.getStyleClass().add(Styles.SUCCESS);
        } else {
            summary.setText(n == 1 ? "1 indexer needs an operator" : n + " indexers need an operator");
            summary.setGraphic(new FontIcon(Material2MZ.NOTIFICATION_IMPORTANT));
            summary.getStyleClass().add(Styles.DANGER);
        }
    }

    /**
     * Shows {@code incidents} above the table (incidents first) and only the entries {@code lone}
     * accepts in the table; call {@link #refilter()} when what {@code lone} accepts changes.
     */
    public void showIncidents(Node incidents, java.util.function.Predicate<AttentionEntry> lone) {
        topBox.getChildren().add(incidents);
        this.lone = lone;
        // An empty table under open incidents is not "nothing needs an operator".
        Label allGrouped = new Label("No other problems: those above are grouped into incidents", new FontIcon(Material2MZ.NOTIFICATION_IMPORTANT));
        Node clear = table.getPlaceholder();
        javafx.beans.InvalidationListener placeholder = o -> table.setPlaceholder(model.ranked().isEmpty() ? clear : allGrouped);
        model.ranked().addListener(placeholder);
        placeholder.invalidated(null);
        refilter();
    }

    /**
     * Re-evaluates which entries the table shows (problems joined or left an incident). Done after
     * the current event: incidents regroup while the problem list is still announcing a change, and
     * re-filtering in the middle of that announcement leaves the table's filtered list out of step
     * with its source (IndexOutOfBoundsException on the FX thread, found by the soak). Several calls
     * in one event re-filter once.
     */
    public void refilter() {
        if (lone == null || refilterPending) {
            return;
        }
        refilterPending = true;
        javafx.application.Platform.runLater(() -> {
            refilterPending = false;
            var p = lone;
            shown.setPredicate(p::test);
        });
    }

    public void setOnOpen(Consumer<IndexerRow> onOpen) {
        this.onOpen = onOpen == null ? r -> { } : onOpen;
    }

    public TableView<AttentionEntry> table() {
        return table;
    }

    /** A reason is read whole: it wraps instead of being cut off, and shows in full on hover. */
    private static final class ReasonCell extends TableCell<AttentionEntry, String> {
        private final javafx.scene.text.Text text = new javafx.scene.text.Text();

        ReasonCell() {
            text.wrappingWidthProperty().bind(widthProperty().subtract(12));
            text.getStyleClass().add("wk-reason-text");
        }

        @Override
        protected void updateItem(String reason, boolean empty) {
            super.updateItem(reason, empty);
            if (empty || reason == null) {
                setGraphic(null);
                Styles.setTooltip(this, null);
                return;
            }
            text.setText(reason);
            setGraphic(text);
            Styles.setTooltip(this, reason);
        }
    }
}
