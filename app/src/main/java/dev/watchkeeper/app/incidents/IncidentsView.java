package dev.watchkeeper.app.incidents;

import dev.watchkeeper.model.attention.HumanDuration;
import dev.watchkeeper.model.incident.Incident;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The Incidents tab: every incident of the session (open and resolved), newest first, with filters
 * (status, kind, time, text), the selected incident's evidence, and its postmortem report saved as
 * Markdown or JSON.
 */
public final class IncidentsView extends BorderPane {

    public static final String TABLE_ID = "incidentsTable";
    public static final String TEXT_ID = "incidentFilterText";
    public static final String STATUS_ID = "incidentStatusFilter";
    public static final String KIND_ID = "incidentKindFilter";
    public static final String WITHIN_ID = "incidentWithinFilter";
    public static final String COUNT_ID = "incidentCount";
    public static final String EXPORT_MD_ID = "incidentExportMarkdown";
    public static final String EXPORT_JSON_ID = "incidentExportJson";
    public static final String EXPORT_RESULT_ID = "incidentExportResult";
    private static final DateTimeFormatter AT = dev.watchkeeper.app.ui.Times.DATE_TIME;
    private static final String ALL_KINDS = "";

    private final IncidentsViewModel model;
    private Instant shownAt;
    private final FilteredList<Incident> filtered;
    private final TableView<Incident> table = new TableView<>();
    private final TextField text = new TextField();
    private final ChoiceBox<IncidentFilter.Status> status = new ChoiceBox<>();
    private final ChoiceBox<String> kind = new ChoiceBox<>();
    private final ChoiceBox<Duration> within = new ChoiceBox<>();
    private final Label count = new Label();
    private final VBox details = new VBox(4);
    private final Label exportResult = new Label();
    private final Button exportMarkdown = new Button("Report (Markdown)…", new FontIcon(Material2MZ.SAVE_ALT));
    private final Button exportJson = new Button("Report (JSON)…", new FontIcon(Material2MZ.SAVE_ALT));

    public IncidentsView(IncidentsViewModel model, IncidentReports reports) {
        this.model = model;
        getStyleClass().add("wk-incidents-view");
        filtered = new FilteredList<>(model.all());
        SortedList<Incident> sorted = new SortedList<>(filtered);
        sorted.comparatorProperty().bind(table.comparatorProperty());

        text.setId(TEXT_ID);
        text.setPromptText("Filter: id, title or member");
        status.setId(STATUS_ID);
        status.getItems().setAll(IncidentFilter.Status.values());
        status.setValue(IncidentFilter.Status.ALL);
        kind.setId(KIND_ID);
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(String k) {
                return k == null || k.isEmpty() ? "All kinds" : kindLabel(k);
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        within.setId(WITHIN_ID);
        within.getItems().setAll(Duration.ofHours(1), Duration.ofHours(24), Duration.ZERO);
        within.setConverter(new StringConverter<>() {
            @Override
            public String toString(Duration d) {
                return d == null || d.isZero() ? "Any time" : "Last " + HumanDuration.format(d);
            }

            @Override
            public Duration fromString(String s) {
                return null;
            }
        });
        within.setValue(Duration.ZERO);
        count.setId(COUNT_ID);
        Label settings = new Label("Grouping: " + model.settings().minSize() + "+ problems of one cause within "
                + HumanDuration.format(model.settings().window()));
        settings.getStyleClass().add(dev.watchkeeper.app.ui.Styles.MUTED);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, text, status, kind, within, count, spacer, settings);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        setTop(bar);

        table.setId(TABLE_ID);
        table.setPlaceholder(new Label("No incidents: problems so far came alone"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<Incident, String> state = new TableColumn<>("Status");
        state.setCellValueFactory(c -> new ReadOnlyStringWrapper(statusLabel(c.getValue())));
        state.setPrefWidth(105);
        state.setMinWidth(105);
        TableColumn<Incident, Instant> began = new TableColumn<>("Began");
        began.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().start()));
        began.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Instant t, boolean empty) {
                super.updateItem(t, empty);
                setText(empty || t == null ? null : AT.format(t));
            }
        });
        began.setPrefWidth(150);
        began.setSortType(TableColumn.SortType.DESCENDING);
        TableColumn<Incident, String> lasted = new TableColumn<>("Lasted");
        lasted.setCellValueFactory(c -> new ReadOnlyStringWrapper(HumanDuration.format(c.getValue().duration(model.now()))
                + (c.getValue().open() ? " so far" : c.getValue().unobserved() ? " at least" : "")));
        lasted.setPrefWidth(120);
        lasted.setMinWidth(110);
        TableColumn<Incident, String> members = new TableColumn<>("Affected");
        members.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().activeCount() + " / " + c.getValue().size()));
        members.setPrefWidth(80);
        TableColumn<Incident, String> title = new TableColumn<>("Likely cause");
        title.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().title()));
        title.setPrefWidth(600);
        TableColumn<Incident, String> id = new TableColumn<>("Id");
        id.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id()));
        id.setPrefWidth(190);
        table.getColumns().setAll(List.of(state, began, lasted, members, title, id));
        table.getSortOrder().add(began);
        table.setItems(sorted);

        exportMarkdown.setId(EXPORT_MD_ID);
        exportJson.setId(EXPORT_JSON_ID);
        exportResult.setId(EXPORT_RESULT_ID);
        exportMarkdown.setOnAction(e -> export(reports, IncidentReports.Format.MARKDOWN));
        exportJson.setOnAction(e -> export(reports, IncidentReports.Format.JSON));
        HBox exports = new HBox(8, exportMarkdown, exportJson, exportResult);
        exports.setAlignment(Pos.CENTER_LEFT);
        VBox lower = new VBox(6, details, exports);
        lower.setPadding(new Insets(8));
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(lower);
        scroll.setFitToWidth(true);
        SplitPane split = new SplitPane(table, scroll);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.6);
        setCenter(split);

        text.textProperty().addListener((obs, o, n) -> refilter());
        status.valueProperty().addListener((obs, o, n) -> refilter());
        kind.valueProperty().addListener((obs, o, n) -> refilter());
        within.valueProperty().addListener((obs, o, n) -> refilter());
        model.all().addListener((ListChangeListener<Incident>) c -> {
            refreshKinds();
            refilter();
            showDetails(table.getSelectionModel().getSelectedItem());
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, o, n) -> showDetails(n));
        // Open incidents' durations grow and "last hour" moves: re-show every 10 s of the console's clock.
        model.nowProperty().addListener((obs, o, t) -> {
            if (t != null && (shownAt == null || Duration.between(shownAt, t).toSeconds() >= 10)) {
                shownAt = t;
                refilter();
                table.refresh();
            }
        });
        refreshKinds();
        refilter();
        showDetails(null);
    }

    private void export(IncidentReports reports, IncidentReports.Format f) {
        Incident i = table.getSelectionModel().getSelectedItem();
        if (i != null) {
            reports.export(getScene() == null ? null : getScene().getWindow(), i, f, model.now(), exportResult::setText);
        }
    }

    private void refreshKinds() {
        TreeSet<String> kinds = new TreeSet<>();
        model.all().forEach(i -> kinds.add(i.kind()));
        List<String> items = new ArrayList<>();
        items.add(ALL_KINDS);
        items.addAll(kinds);
        if (!kind.getItems().equals(items)) {
            String keep = kind.getValue();
            kind.getItems().setAll(items);
            kind.setValue(keep != null && items.contains(keep) ? keep : ALL_KINDS);
        }
    }

    private String kindLabel(String k) {
        return model.all().stream().filter(i -> i.kind().equals(k)).map(Incident::kindLabel).findFirst().orElse(k);
    }

    /** The filter as set in the bar. */
    public IncidentFilter filter() {
        Duration w = within.getValue();
        String k = kind.getValue();
        return new IncidentFilter(status.getValue(), k == null || k.isEmpty() ? null : k, w == null || w.isZero() ? null : w, text.getText());
    }

    private void refilter() {
        IncidentFilter f = filter();
        Instant now = model.now();
        filtered.setPredicate(i -> f.test(i, now));
        int n = filtered.size();
        count.setText(n == model.all().size() ? n + (n == 1 ? " incident" : " incidents")
                : n + " of " + model.all().size() + " incidents");
    }

    private void showDetails(Incident i) {
        boolean has = i != null;
        exportMarkdown.setDisable(!has);
        exportJson.setDisable(!has);
        if (!has) {
            details.getChildren().setAll(new Label("Select an incident to see why its problems were grouped and to save its report."));
            return;
        }
        List<javafx.scene.Node> lines = new ArrayList<>();
        Label head = new Label(i.title());
        head.getStyleClass().add("wk-incident-title");
        head.setWrapText(true);
        lines.add(head);
        Label when = new Label(i.id() + " · began " + AT.format(i.start()) + (i.resolved()
                ? " · resolved " + AT.format(i.end()) + " · time to recovery " + HumanDuration.format(i.timeToRecovery())
                : i.unobserved() ? " · " + i.unobservedNote() + ", " + i.activeCount() + " of " + i.size()
                        + " then affected; whether and when it ended is unknown"
                : " · open, " + i.activeCount() + " of " + i.size() + " still affected"));
        when.setWrapText(true);
        lines.add(when);
        for (String e : i.evidence()) {
            Label l = new Label("• " + e);
            l.setWrapText(true);
            lines.add(l);
        }
        details.getChildren().setAll(lines);
    }

    /** The Status column's word: "Not observed" for an incident whose console or recorder stopped while it was open. */
    static String statusLabel(Incident i) {
        return i.resolved() ? "Resolved" : i.unobserved() ? "Not observed" : "Open";
    }

    public TableView<Incident> table() {
        return table;
    }
}
