package dev.watchkeeper.app.history;

import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.cli.TimeConverter;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import picocli.CommandLine;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * "What changed between T1 and T2": the transitions (lifecycle, enabled, stream and executor health,
 * joining and leaving the fleet), the commands and the gaps the store recorded in a window, oldest first,
 * filtered by words as the fleet table is, and by kind. Double-clicking a line shows the fleet at
 * that moment.
 */
public final class ChangesView extends BorderPane {

    public static final String TABLE_ID = "changesTable";
    public static final String FROM_ID = "changesFrom";
    public static final String TO_ID = "changesTo";
    public static final String FILTER_ID = "changesFilter";
    public static final String KIND_ID = "changesKind";
    public static final String SHOW_ID = "changesShow";
    public static final String COUNT_ID = "changesCount";

    private static final DateTimeFormatter FIELD = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String ALL = "Transitions and commands";
    private static final String TRANSITIONS = "Transitions";
    private static final String COMMANDS = "Commands";

    private final HistorySource source;
    private final ZoneId zone;
    private final TextField from = new TextField();
    private final TextField to = new TextField();
    private final TextField filter = new TextField();
    private final ChoiceBox<String> kind = new ChoiceBox<>(FXCollections.observableArrayList(ALL, TRANSITIONS, COMMANDS));
    private final Label count = new Label();
    private final ObservableList<ChangeRow> rows = FXCollections.observableArrayList();
    private final FilteredList<ChangeRow> shown = new FilteredList<>(rows);
    private final TableView<ChangeRow> table = new TableView<>(shown);
    private String truncatedNote = "";

    /** @param onMoment shows the fleet at a moment (a double-clicked line's) */
    public ChangesView(HistorySource source, ZoneId zone, Consumer<Instant> onMoment) {
        this.source = source;
        this.zone = zone;
        from.setId(FROM_ID);
        to.setId(TO_ID);
        from.setPrefColumnCount(12);
        to.setPrefColumnCount(12);
        from.setOnAction(e -> load());
        to.setOnAction(e -> load());
        Button show = new Button("Show");
        show.setId(SHOW_ID);
        show.setOnAction(e -> load());
        filter.setId(FILTER_ID);
        filter.setPromptText("Filter: account, function, state, health, command");
        HBox.setHgrow(filter, Priority.SOMETIMES);
        filter.textProperty().addListener((obs, o, t) -> refilter());
        kind.setId(KIND_ID);
        kind.setValue(ALL);
        kind.valueProperty().addListener((obs, o, k) -> refilter());
        count.setId(COUNT_ID);
        count.getStyleClass().add(Styles.MUTED);
        Label fromLabel = new Label("From");
        Label toLabel = new Label("to");
        for (javafx.scene.control.Control c : new javafx.scene.control.Control[] {fromLabel, toLabel, show, kind}) {
            c.setMinWidth(USE_PREF_SIZE);
        }
        from.setMinWidth(USE_PREF_SIZE);
        to.setMinWidth(USE_PREF_SIZE);
        filter.setMinWidth(140);
        HBox bar = new HBox(8, fromLabel, from, toLabel, to, show, filter, kind, count);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        bar.getStyleClass().add("wk-toolbar");
        setTop(bar);

        DateTimeFormatter cellTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(zone);
        table.setId(TABLE_ID);
        table.getColumns().add(column("Time", r -> cellTime.format(r.at()), 190));
        table.getColumns().add(column("Indexer", ChangeRow::indexer, 260));
        table.getColumns().add(column("What", ChangeRow::what, 90));
        table.getColumns().add(column("From", ChangeRow::from, 120));
        table.getColumns().add(column("To", ChangeRow::to, 120));
        table.getColumns().add(column("Command or reason", ChangeRow::detail, 320));
        table.setPlaceholder(new Label("Nothing recorded changed in this window"));
        table.setRowFactory(t -> {
            var r = new javafx.scene.control.TableRow<ChangeRow>();
            r.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !r.isEmpty()) {
                    onMoment.accept(r.getItem().at());
                }
            });
            return r;
        });
        setCenter(table);
    }

    private static TableColumn<ChangeRow, String> column(String title, java.util.function.Function<ChangeRow, String> value, double width) {
        TableColumn<ChangeRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /** Lists what changed after {@code t1} up to {@code t2}, with {@code filterText} (e.g. the fleet table's) as the filter. */
    public void show(Instant t1, Instant t2, String filterText) {
        from.setText(FIELD.withZone(zone).format(t1));
        to.setText(FIELD.withZone(zone).format(t2));
        filter.setText(filterText == null ? "" : filterText);
        load();
    }

    private void load() {
        Instant a;
        Instant b;
        try {
            a = new TimeConverter().convert(from.getText());
            b = new TimeConverter().convert(to.getText());
        } catch (CommandLine.TypeConversionException e) {
            count.setText(e.getMessage());
            return;
        }
        if (b.isBefore(a)) {
            Instant x = a;
            a = b;
            b = x;
        }
        count.setText("reading…");
        source.window(a, b, w -> {
            List<ChangeRow> out = new ArrayList<>();
            int i = 0;
            int j = 0;
            // merged in time order: transitions and commands
            while (i < w.changes().size() || j < w.commands().size()) {
                boolean change = j >= w.commands().size()
                        || (i < w.changes().size() && !w.changes().get(i).at().isAfter(w.commands().get(j).at()));
                if (change) {
                    out.addAll(ChangeRow.of(w.changes().get(i++)));
                } else {
                    out.addAll(ChangeRow.of(w.commands().get(j++)));
                }
            }
            w.gaps().forEach(g -> out.add(ChangeRow.of(g, zone)));
            // gaps go in at their start; the sort is stable, so changes and commands keep their recorded order
            out.sort(java.util.Comparator.comparing(ChangeRow::at));
            truncatedNote = w.truncated() ? " (the first " + HistorySource.WINDOW_LIMIT + " changes; narrow the window for more)" : "";
            rows.setAll(out);
            refilter();
        });
    }

    private void refilter() {
        String text = filter.getText();
        String k = kind.getValue();
        // gaps stay in every view: what is missing from the list is part of the answer
        shown.setPredicate(r -> "gap".equals(r.what())
                || r.matches(text) && (ALL.equals(k) || ("command".equals(r.what()) == COMMANDS.equals(k))));
        count.setText(shown.size() + " of " + rows.size() + " changes" + truncatedNote);
    }

    public TableView<ChangeRow> table() {
        return table;
    }
}
