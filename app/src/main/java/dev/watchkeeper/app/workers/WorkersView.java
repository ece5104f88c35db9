package dev.watchkeeper.app.workers;

import dev.watchkeeper.connectors.metrics.IndexerFigures;
import dev.watchkeeper.connectors.metrics.ProcessFigures;
import dev.watchkeeper.connectors.metrics.WorkerFigures;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The Workers view: per-process figures of the block streamer and runner (lake cache hit rate,
 * error log rate, heap) and the 20 slowest and 20 most failing indexers, from the workers' metrics.
 */
public final class WorkersView extends BorderPane {

    public static final String PROCESS_ID = "workers-process";
    public static final String SLOWEST_ID = "workers-slowest";
    public static final String FAILING_ID = "workers-failing";
    public static final String AS_OF_ID = "workers-as-of";
    public static final int TOP = 20;
    private static final DateTimeFormatter HMS = dev.watchkeeper.app.ui.Times.CLOCK;

    private final GridPane process = new GridPane(18, 4);
    private final Label asOf = new Label();
    private final ObservableList<IndexerFigures> slowest = FXCollections.observableArrayList();
    private final ObservableList<IndexerFigures> failing = FXCollections.observableArrayList();

    /** @param configured false when the profile names no metrics endpoint (the view then says which settings) */
    public WorkersView(WorkerFiguresModel model, boolean configured) {
        getStyleClass().add("wk-workers");
        asOf.setId(AS_OF_ID);
        asOf.setText(configured ? "Waiting for the first scrape of the workers' /metrics…"
                : "No metrics endpoints in this profile: set observability.blockStreamerMetricsUrl and runnerMetricsUrl"
                + " (the block streamer's and runner's /metrics, port 9180 upstream).");
        process.setId(PROCESS_ID);
        Label processTitle = section("Processes");
        VBox top = new VBox(6, asOf, processTitle, process);
        top.setPadding(new Insets(8, 10, 6, 10));
        setTop(top);

        TableView<IndexerFigures> slow = table(SLOWEST_ID, slowest, "No executions observed yet");
        TableView<IndexerFigures> fail = table(FAILING_ID, failing, "No failed executions in the last window");
        VBox left = new VBox(4, section("Slowest " + TOP + " (execution p95, last window)"), slow);
        VBox right = new VBox(4, section("Most failing " + TOP + " (share of failed executions, last window)"), fail);
        VBox.setVgrow(slow, Priority.ALWAYS);
        VBox.setVgrow(fail, Priority.ALWAYS);
        HBox.setHgrow(left, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        HBox tables = new HBox(10, left, right);
        tables.setPadding(new Insets(0, 10, 10, 10));
        setCenter(tables);

        model.latestProperty().addListener((o, a, f) -> show(f));
        show(model.latestProperty().get());
    }

    private void show(WorkerFigures f) {
        if (f == null) {
            return;
        }
        asOf.setText("As of " + HMS.format(f.at()) + " · " + f.indexers().size() + " indexers in the metrics");
        ProcessFigures p = f.process();
        process.getChildren().clear();
        row(0, "Lake cache hit rate (block streamer)", WorkerFormat.percent(p.lakeCacheHitRate()));
        row(1, "Lake cache size", WorkerFormat.count(p.lakeCacheSize()));
        row(2, "Error log lines (block streamer)", WorkerFormat.perSecond(p.blockStreamerErrorsPerSec()));
        row(3, "Error log lines (runner)", WorkerFormat.perSecond(p.runnerErrorsPerSec()));
        row(4, "Runner cache hit rate", WorkerFormat.percent(p.runnerCacheHitRate()));
        row(5, "Runner heap used, all indexers", WorkerFormat.megabytes(p.runnerHeapUsedMb()));
        slowest.setAll(top(f, IndexerFigures::executionP95Seconds));
        failing.setAll(top(f, IndexerFigures::failureRate).stream().filter(i -> i.failureRate() > 0).toList());
    }

    /** The {@link #TOP} indexers with the highest {@code figure}, those without it left out. */
    static List<IndexerFigures> top(WorkerFigures f, Function<IndexerFigures, Double> figure) {
        ToDoubleFunction<IndexerFigures> value = i -> figure.apply(i);
        return f.indexers().values().stream().filter(i -> figure.apply(i) != null)
                .sorted(Comparator.comparingDouble(value).reversed().thenComparing(i -> i.id().fullName()))
                .limit(TOP).toList();
    }

    private void row(int r, String name, String value) {
        Label v = new Label(value);
        v.setStyle("-fx-font-weight: bold;");
        process.addRow(r, new Label(name), v);
    }

    private static TableView<IndexerFigures> table(String id, ObservableList<IndexerFigures> items, String empty) {
        TableView<IndexerFigures> t = new TableView<>(items);
        t.setId(id);
        t.setPlaceholder(new Label(empty));
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().setAll(List.of(
                text("Indexer", i -> i.id().fullName(), 240),
                text("Exec p95", i -> WorkerFormat.seconds(i.executionP95Seconds()), 80),
                text("Failures", i -> WorkerFormat.percent(i.failureRate()), 70),
                text("Blocks/s", i -> WorkerFormat.rate(i.blocksPerSecond()), 70),
                text("Unprocessed", i -> WorkerFormat.count(i.unprocessedMessages()), 90),
                text("Heap", i -> WorkerFormat.megabytes(i.heapMb()), 70)));
        return t;
    }

    private static TableColumn<IndexerFigures, String> text(String title, Function<IndexerFigures, String> f, double width) {
        TableColumn<IndexerFigures, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(f.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-weight: bold;");
        return l;
    }
}
