package dev.watchkeeper.app.detail;

import dev.watchkeeper.app.logs.LogPane;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.epoch.StateUpdate;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
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
import java.time.ZoneId;
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
    static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final IndexerDetailViewModel vm;
    private final AutoCloseable onClose;
    private final FlowPane facts = new FlowPane(14, 4);
    private final HBox strip = new HBox(1);
    private final XYChart.Series<Number, Number> heightSeries = new XYChart.Series<>();
    private final Timeline tick;
    private final TabPane tabs;

    /**
     * @param logs    the log pane, or null when logs cannot be shown (it says why then)
     * @param onClose closed with the view (e.g. the log feed); may be null
     */
    public IndexerDetailView(IndexerDetailViewModel vm, LogPane logs, AutoCloseable onClose) {
        this.vm = vm;
        this.onClose = onClose;
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
        VBox right = new VBox(4, section("Block height, last 10 minutes"), chart, section("Health history"), health);
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

        vm.stateProperty().addListener(o -> refreshFacts());
        vm.streamProperty().addListener(o -> refreshFacts());
        vm.executorProperty().addListener(o -> refreshFacts());
        vm.progressProperty().addListener(o -> refreshFacts());
        vm.dataAsOfProperty().addListener(o -> refreshFacts());
        vm.transitions().addListener((ListChangeListener<TransitionRow>) c -> refreshStrip());
        vm.samples().addListener((ListChangeListener<ProgressSample>) c -> refreshChart());
        refreshFacts();
        refreshStrip();
        refreshChart();

        // Ages ("time in state", "updated 12 s ago") move on even without new data.
        tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> {
            vm.refresh();
            refreshFacts();
        }));
        tick.setCycleCount(Timeline.INDEFINITE);
        tick.play();
    }

    /**
     * Closes this view when the tab holding it is removed from its TabPane (the main window only
     * removes the tab), which stops its log stream and full-resolution tracking.
     */
    public IndexerDetailView closingWithTab() {
        sceneProperty().addListener(new javafx.beans.InvalidationListener() {
            @Override
            public void invalidated(javafx.beans.Observable o) {
                if (getScene() == null) {
                    return;
                }
                for (javafx.scene.Parent p = getParent(); p != null; p = p.getParent()) {
                    if (p instanceof TabPane host) {
                        sceneProperty().removeListener(this);
                        host.getTabs().addListener(new ListChangeListener<Tab>() {
                            @Override
                            public void onChanged(Change<? extends Tab> c) {
                                while (c.next()) {
                                    // Only a removal for good: reordering also reports tabs as removed and added.
                                    if (c.wasRemoved() && !c.wasPermutated() && c.getRemoved().stream().anyMatch(
                                            t -> t.getContent() == IndexerDetailView.this && !host.getTabs().contains(t))) {
                                        host.getTabs().removeListener(this);
                                        close();
                                        return;
                                    }
                                }
                            }
                        });
                        return;
                    }
                }
            }
        });
        return this;
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
        state.setPrefWidth(150);
        TableColumn<TransitionRow, String> time = new TableColumn<>("Time in state");
        time.setCellValueFactory(c -> new ReadOnlyStringWrapper(duration(c.getValue().timeInState())
                + (c.getValue().current() ? " so far" : "")));
        time.setPrefWidth(140);
        t.getColumns().setAll(List.of(at, state, time));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return t;
    }

    private LineChart<Number, Number> progressChart() {
        NumberAxis x = new NumberAxis();
        x.setLabel("seconds ago");
        x.setAutoRanging(false);
        x.setLowerBound(-IndexerDetailViewModel.CHART_WINDOW.toSeconds());
        x.setUpperBound(0);
        x.setTickUnit(60);
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
                getStyleClass().add(healthStyle(h.health()));
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
        facts.getChildren().clear();
        IndexerState s = vm.stateProperty().get();
        Instant now = vm.now();
        if (s == null) {
            facts.getChildren().add(fact("State", "not observed yet", Styles.MUTED, null));
        } else {
            Label l = fact("Lifecycle", s.lifecycleText(), Styles.forLifecycle(s.lifecycle()),
                    new FontIcon(Styles.iconForLifecycle(s.lifecycle())));
            facts.getChildren().add(l);
            facts.getChildren().add(fact("Enabled", s.enabled() == null ? "unknown" : s.enabled() ? "yes" : "no",
                    Boolean.FALSE.equals(s.enabled()) ? Styles.MUTED : null, null));
            if (s.problem() != null) {
                facts.getChildren().add(fact("State value", "unreadable: " + s.problem(), Styles.DANGER, null));
            }
        }
        StreamStatus st = vm.streamProperty().get();
        if (st == null) {
            facts.getChildren().add(fact("Block stream", "unknown (no stream reported)", Styles.MUTED, null));
        } else {
            long age = st.updatedAtSecs() == 0 ? -1 : now.getEpochSecond() - st.updatedAtSecs();
            boolean stale = age < 0 || age > StreamHealth.STALE_AFTER_SECONDS;
            String text = st.health().name() + (age < 0 ? ", health missing" : ", updated " + ago(age) + (stale ? " — STALE" : ""));
            facts.getChildren().add(fact("Block stream", text, stale ? Styles.DANGER : healthStyle(st.health().name()), null));
        }
        ExecutorStatus ex = vm.executorProperty().get();
        facts.getChildren().add(ex == null
                ? fact("Executor", "unknown (no executor reported)", Styles.MUTED, null)
                : fact("Executor", ex.health().name(), healthStyle(ex.health().name()), null));
        Progress p = vm.progressProperty().get();
        facts.getChildren().add(fact("Last published block", p == null || p.lastPublishedBlock() == null ? "—" : String.format("%,d", p.lastPublishedBlock()), null, null));
        facts.getChildren().add(fact("Queue depth", p == null || p.queueDepth() == null ? "—" : Long.toString(p.queueDepth()), null, null));
        if (p != null && p.problem() != null) {
            facts.getChildren().add(fact("Progress", "unreadable: " + p.problem(), Styles.DANGER, null));
        }
        Instant asOf = vm.dataAsOfProperty().get();
        String fresh = asOf == null ? "no data yet" : "data as of " + HMS.format(asOf) + " (" + ago(now.getEpochSecond() - asOf.getEpochSecond()) + ")";
        if (vm.isRemoved()) {
            fresh = "no longer in Redis (deleted?) · last " + fresh;
        }
        facts.getChildren().add(fact("", fresh, vm.isRemoved() ? Styles.WARNING : Styles.MUTED, null));
    }

    private static Label fact(String name, String value, String style, javafx.scene.Node icon) {
        Label l = new Label(name.isEmpty() ? value : name + ": " + value, icon);
        if (style != null) {
            l.getStyleClass().add(style);
        }
        l.setTooltip(new Tooltip(l.getText()));
        return l;
    }

    static String healthStyle(String health) {
        return switch (health) {
            case "RUNNING" -> Styles.SUCCESS;
            case "WAITING", "IDLE" -> Styles.ACCENT;
            case "STALLED", "FAILING" -> Styles.DANGER;
            case "STOPPED" -> Styles.MUTED;
            default -> Styles.WARNING;
        };
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
            Tooltip.install(seg, new Tooltip(r.transition().state().lifecycleText() + " for " + duration(r.timeInState())
                    + " from " + HMS.format(r.transition().at())));
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

    static String ago(long seconds) {
        return duration(java.time.Duration.ofSeconds(Math.max(0, seconds))) + " ago";
    }

    static String duration(java.time.Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }

    private boolean closed;

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tick.stop();
        vm.close();
        if (onClose != null) {
            try {
                onClose.close();
            } catch (Exception e) {
                // Closing a log stream cannot fail in a way the operator could act on.
                System.getLogger(IndexerDetailView.class.getName()).log(System.Logger.Level.DEBUG, "closing detail", e);
            }
        }
    }
}
