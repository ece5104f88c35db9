package dev.watchkeeper.app.detail;

import dev.watchkeeper.model.attention.HumanDuration;
import org.slf4j.LoggerFactory;

import dev.watchkeeper.app.logs.LogPane;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.epoch.StateUpdate;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One indexer's drill-down: current facts, lifecycle timeline with time in each state, block
 * height chart, health history, and tabs for the live log, the raw Redis state and the epoch lane.
 */
public final class IndexerDetailView extends BorderPane implements AutoCloseable {

    public static final String TRANSITIONS_ID = "detail-transitions";
    public static final String LIFECYCLE_STRIP_ID = "detail-lifecycle-strip";
    public static final String RAW_ID = "detail-raw";
    public static final String CHART_ID = "detail-progress-chart";
    public static final String HEALTH_ID = "detail-health";
    public static final String EPOCHS_ID = "detail-epochs";
    public static final String FACTS_ID = "detail-facts";
    public static final String TABS_ID = "detail-tabs";
    static final DateTimeFormatter HMS = dev.watchkeeper.app.ui.Times.CLOCK;

    private final IndexerDetailViewModel vm;
    private final AutoCloseable onClose;
    private final FlowPane facts = new FlowPane(14, 4);
    private final HBox strip = new HBox(1);
    private final XYChart.Series<Number, Number> heightSeries = new XYChart.Series<>();
    private final javafx.beans.value.ObservableValue<Instant> ticks;
    private final javafx.beans.InvalidationListener tick;
    private final TabPane tabs;

    /**
     * @param logs    the log pane, or null when logs cannot be shown (it says why then)
     * @param onClose closed with the view (e.g. the log feed); may be null
     */
    /** @param ticks the console's clock, ticking once a second (the session's {@code now()}): ages move on with it */
    public IndexerDetailView(IndexerDetailViewModel vm, LogPane logs, AutoCloseable onClose, javafx.beans.value.ObservableValue<Instant> ticks) {
        this.vm = vm;
        this.onClose = onClose;
        this.ticks = ticks;
        getStyleClass().add("wk-detail");

        Label title = new Label(vm.id().fullName());
        title.setStyle("-fx-font-size: 16px; -fx-font-weight: bold;");
        facts.setId(FACTS_ID);
        VBox header = new VBox(4, title, facts);
        if (logs != null) {
            header.getChildren().add(logs.runnerFacts());
        }
        header.setPadding(new Insets(8, 10, 6, 10));
        setTop(header);

        strip.setId(LIFECYCLE_STRIP_ID);
        strip.setMinHeight(16);
        strip.setPrefHeight(16);
        TableView<TransitionRow> transitions = transitionsTable();
        Label lifecycleTitle = section("Lifecycle transitions observed");
        VBox lifecycle = new VBox(4, lifecycleTitle, strip, transitions);
        VBox.setVgrow(transitions, Priority.ALWAYS);

        LineChart<Number, Number> chart = progressChart();
        ListView<HealthChange> health = healthList();
        VBox right = new VBox(4, chartHeader(chart), chart, section("Health history"), health);
        VBox.setVgrow(chart, Priority.ALWAYS);
        health.setPrefHeight(110);
        health.setMinHeight(90);
        SplitPane upper = new SplitPane(lifecycle, right);
        upper.setDividerPositions(0.45);
        lifecycle.setPadding(new Insets(0, 6, 6, 10));
        right.setPadding(new Insets(0, 10, 6, 6));

        TextArea raw = new TextArea();
        raw.setId(RAW_ID);
        raw.setEditable(false);
        raw.setStyle("-fx-font-family: monospace;");
        raw.textProperty().bind(vm.rawStateProperty());
        tabs = new TabPane(
                new Tab("Logs", logs != null ? logs : new Label("Logs are not available for this connection.")),
                new Tab("Raw Redis state", raw),
                new Tab("Epoch lane", epochTable()));
        tabs.setId(TABS_ID);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane split = new SplitPane(upper, tabs);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.55);
        setCenter(split);

        vm.factsProperty().addListener(o -> refreshFacts());
        vm.transitions().addListener((ListChangeListener<TransitionRow>) c -> refreshStrip());
        vm.samples().addListener((ListChangeListener<ProgressSample>) c -> refreshChart());
        refreshFacts();
        refreshStrip();
        refreshChart();

        // Ages ("time in state", "updated 12 s ago") move on even without new data.
        tick = o -> vm.refresh();
        ticks.addListener(tick);
    }

    /** Adds a tab after the built-in ones (e.g. the workers' metric charts). */
    public void addTab(String title, javafx.scene.Node content) {
        tabs.getTabs().add(new Tab(title, content));
    }

    public IndexerDetailViewModel viewModel() {
        return vm;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        l.setPadding(new Insets(4, 0, 0, 0));
        return l;
    }

    private TableView<TransitionRow> transitionsTable() {
        TableView<TransitionRow> t = new TableView<>(vm.transitions());
        t.setId(TRANSITIONS_ID);
        t.setPlaceholder(new Label("No transitions observed yet"));
        TableColumn<TransitionRow, String> at = new TableColumn<>("Observed");
        at.setCellValueFactory(c -> new ReadOnlyStringWrapper(HMS.format(c.getValue().transition().at())
                + (c.getValue().transition().firstSeen() ? " (first seen)" : "")));
        at.setPrefWidth(150);
        TableColumn<TransitionRow, TransitionRow> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        state.setCellFactory(c -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(TransitionRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll(Styles.HEALTH);
                if (empty || r == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                IndexerState s = r.transition().state();
                setText(s.lifecycleText());
                setGraphic(new FontIcon(Styles.iconForLifecycle(s.lifecycle())));
                getStyleClass().add(Styles.forLifecycle(s.lifecycle()));
            }
        });
        state.setPrefWidth(130);
        TableColumn<TransitionRow, String> time = new TableColumn<>("Time in state");
        time.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().timeText()));
        // room for "42 min 10 s until recording stopped" beside the other two in the detail's half width
        time.setPrefWidth(230);
        t.getColumns().setAll(List.of(at, state, time));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    /** Chart windows offered; the one the view model starts with is added when it is not among them (a rewound detail's). */
    static final List<java.time.Duration> CHART_WINDOWS = List.of(java.time.Duration.ofMinutes(10), java.time.Duration.ofHours(1),
            java.time.Duration.ofHours(6), java.time.Duration.ofHours(24));
    public static final String CHART_WINDOW_ID = "detail-chart-window";

    /** "Block height, last" and a choice of window; older than what is held reads "(recorded from 14:02)". */
    private javafx.scene.Node chartHeader(LineChart<Number, Number> chart) {
        Label title = section("Block height, last");
        javafx.scene.control.ChoiceBox<java.time.Duration> window = new javafx.scene.control.ChoiceBox<>();
        window.setId(CHART_WINDOW_ID);
        window.getItems().setAll(CHART_WINDOWS);
        if (!CHART_WINDOWS.contains(vm.chartWindow())) {
            window.getItems().add(vm.chartWindow());
            window.getItems().sort(null);
        }
        window.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(java.time.Duration d) {
                return d == null ? "" : HumanDuration.format(d);
            }

            @Override
            public java.time.Duration fromString(String text) {
                return null;
            }
        });
        window.setValue(vm.chartWindow());
        window.valueProperty().addListener((obs, o, d) -> {
            if (d != null) {
                vm.chartWindowProperty().set(d);
            }
        });
        vm.chartWindowProperty().addListener((obs, o, d) -> {
            window.setValue(d);
            fitAxis((NumberAxis) chart.getXAxis());
            refreshChart();
        });
        Label reach = new Label();
        reach.getStyleClass().add(Styles.MUTED);
        Runnable showReach = () -> {
            java.time.Instant oldest = vm.oldestSample();
            reach.setText(oldest == null ? "" : "held from " + dev.watchkeeper.app.ui.Times.CLOCK.format(oldest));
        };
        vm.samples().addListener((ListChangeListener<ProgressSample>) c -> showReach.run());
        showReach.run();
        HBox header = new HBox(6, title, window, reach);
        header.setAlignment(Pos.CENTER_LEFT);
        return header;
    }

    private void fitAxis(NumberAxis x) {
        long seconds = vm.chartWindow().toSeconds();
        x.setLowerBound(-seconds);
        x.setUpperBound(0);
        // six to twelve ticks, on round durations
        long unit = 60;
        for (long u : new long[] {60, 120, 300, 600, 1_800, 3_600, 7_200, 10_800}) {
            unit = u;
            if (seconds / u <= 12) {
                break;
            }
        }
        x.setTickUnit(unit);
    }

    private LineChart<Number, Number> progressChart() {
        NumberAxis x = new NumberAxis();
        x.setLabel("ago");
        // ticks read as durations ("30 min"), whichever window is chosen
        x.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number v) {
                long ago = Math.round(-v.doubleValue());
                return ago <= 0 ? "now" : HumanDuration.format(java.time.Duration.ofSeconds(ago));
            }

            @Override
            public Number fromString(String text) {
                return 0;
            }
        });
        x.setAutoRanging(false);
        fitAxis(x);
        NumberAxis y = new NumberAxis();
        y.setForceZeroInRange(false);
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(CHART_ID);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(false);
        chart.setMinHeight(120);
        chart.setPrefHeight(200);
        chart.getData().add(heightSeries);
        return chart;
    }

    private ListView<HealthChange> healthList() {
        ListView<HealthChange> l = new ListView<>(vm.healthChanges());
        l.setId(HEALTH_ID);
        l.setPlaceholder(new Label("No health reported yet"));
        l.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(HealthChange h, boolean empty) {
                super.updateItem(h, empty);
                getStyleClass().removeAll(Styles.HEALTH);
                if (empty || h == null) {
                    setText(null);
                    return;
                }
                setText(HMS.format(h.at()) + "  " + h.source().label() + ": " + h.health());
                getStyleClass().add(healthStyle(h));
            }
        });
        return l;
    }

    private TableView<EpochLaneRow> epochTable() {
        TableView<EpochLaneRow> t = new TableView<>(vm.epochLane());
        t.setId(EPOCHS_ID);
        t.setPlaceholder(new Label("No pooler projects for this indexer in the epoch window"));
        TableColumn<EpochLaneRow, Number> epoch = new TableColumn<>("Epoch");
        epoch.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().epochId()));
        TableColumn<EpochLaneRow, String> project = new TableColumn<>("Project");
        project.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().projectId()));
        project.setPrefWidth(260);
        TableColumn<EpochLaneRow, String> state = new TableColumn<>("State");
        state.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().update().stateId()));
        state.setPrefWidth(220);
        TableColumn<EpochLaneRow, String> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().update().status().name().toLowerCase()));
        TableColumn<EpochLaneRow, String> at = new TableColumn<>("Time");
        at.setCellValueFactory(c -> {
            Long ts = c.getValue().update().timestamp();
            return new ReadOnlyStringWrapper(ts == null ? "missing" : HMS.format(Instant.ofEpochSecond(ts)));
        });
        TableColumn<EpochLaneRow, String> detail = new TableColumn<>("Error / CID");
        detail.setCellValueFactory(c -> {
            StateUpdate u = c.getValue().update();
            String text = u.error() != null ? u.error() : u.snapshotCid() != null ? u.snapshotCid() : u.problem() != null ? u.problem() : "";
            return new ReadOnlyStringWrapper(text);
        });
        detail.setPrefWidth(260);
        t.getColumns().setAll(List.of(epoch, project, state, status, at, detail));
        t.setRowFactory(v -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(EpochLaneRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().remove(Styles.DANGER);
                if (!empty && r != null && r.update().failed()) {
                    getStyleClass().add(Styles.DANGER);
                }
            }
        });
        return t;
    }

    private void refreshFacts() {
        facts.getChildren().setAll(vm.factsProperty().get().stream().map(IndexerDetailView::fact).toList());
    }

    private static Label fact(Fact f) {
        Label l = new Label(f.text(), f.icon() == null ? null : new FontIcon(f.icon()));
        if (f.style() != null) {
            l.getStyleClass().add(f.style());
        }
        l.setTooltip(new Tooltip(l.getText()));
        return l;
    }

    /** A recorded health change in the one style mapping (a removed stream reads as unknown). */
    static String healthStyle(HealthChange h) {
        try {
            return h.source() == dev.watchkeeper.model.Source.RUNNER
                    ? Styles.forExecutor(dev.watchkeeper.model.ExecutorHealth.valueOf(h.health()))
                    : Styles.forStream(dev.watchkeeper.model.StreamHealth.valueOf(h.health()));
        } catch (IllegalArgumentException notAHealth) {
            return Styles.MUTED;
        }
    }

    /** A strip of segments, one per observed state, as wide as the time spent in it. */
    private void refreshStrip() {
        strip.getChildren().clear();
        List<TransitionRow> rows = vm.transitions();
        long total = rows.stream().mapToLong(r -> Math.max(1, r.timeInState().toMillis())).sum();
        for (int i = rows.size() - 1; i >= 0; i--) {
            TransitionRow r = rows.get(i);
            Region seg = new Region();
            LifecycleState s = r.transition().state().lifecycle();
            seg.getStyleClass().addAll("wk-lifecycle-segment", "wk-lifecycle-" + s.cssName());
            seg.setMinWidth(3);
            seg.prefWidthProperty().bind(strip.widthProperty().multiply(Math.max(1, r.timeInState().toMillis()) / (double) total));
            HBox.setHgrow(seg, Priority.NEVER);
            Tooltip.install(seg, new Tooltip(r.transition().state().lifecycleText() + " for " + HumanDuration.format(r.timeInState())
                    + " from " + HMS.format(r.transition().at()) + (r.untilRecordingStopped() ? ", until recording stopped" : "")));
            strip.getChildren().add(seg);
        }
        strip.setAlignment(Pos.CENTER_LEFT);
    }

    private void refreshChart() {
        Instant now = vm.now();
        List<XYChart.Data<Number, Number>> points = new java.util.ArrayList<>();
        for (ProgressSample s : vm.samples()) {
            if (s.lastPublishedBlock() != null) {
                points.add(new XYChart.Data<>((s.at().toEpochMilli() - now.toEpochMilli()) / 1000.0, s.lastPublishedBlock()));
            }
        }
        heightSeries.getData().setAll(points);
    }


    private boolean closed;

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticks.removeListener(tick);
        vm.close();
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                // Closing a log stream cannot fail in a way the operator could act on.
                LoggerFactory.getLogger(IndexerDetailView.class).debug("closing detail of {}", vm.id(), e);
            }
        }
    }
}
