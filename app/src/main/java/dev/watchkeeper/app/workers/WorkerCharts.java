package dev.watchkeeper.app.workers;

import dev.watchkeeper.model.IndexerId;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A detail tab's charts of one indexer's worker metrics over time: blocks/s, execution p95,
 * failure rate and lag, one point per scrape (the last hour at the default interval).
 */
public final class WorkerCharts extends GridPane {

    public static final String ID = "worker-charts";

    private final WorkerFiguresModel model;
    private final IndexerId id;
    private final XYChart.Series<Number, Number> bps = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> p95 = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> failures = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> lag = new XYChart.Series<>();
    private final Label empty = new Label();
    private final javafx.beans.InvalidationListener onScrape = o -> refresh();

    public WorkerCharts(WorkerFiguresModel model, IndexerId id, boolean configured) {
        this.model = model;
        this.id = id;
        setId(ID);
        setHgap(6);
        setVgap(6);
        empty.setText(configured ? "No metrics for this indexer yet (the runner and block streamer list it once its worker runs)."
                : "No metrics endpoints in this profile: set observability.blockStreamerMetricsUrl and runnerMetricsUrl.");
        add(empty, 0, 0, 2, 1);
        add(chart("Blocks per second", bps), 0, 1);
        add(chart("Execution p95 (s)", p95), 1, 1);
        add(chart("Failed executions (%)", failures), 0, 2);
        add(chart("Lag behind the newest block", lag), 1, 2);
        // weak: a closed detail tab must not stay reachable from the session's model
        model.revisionProperty().addListener(new javafx.beans.WeakInvalidationListener(onScrape));
        refresh();
    }

    private static LineChart<Number, Number> chart(String title, XYChart.Series<Number, Number> series) {
        NumberAxis x = new NumberAxis();
        x.setLabel("minutes ago");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        LineChart<Number, Number> c = new LineChart<>(x, y);
        c.setTitle(title);
        c.setLegendVisible(false);
        c.setAnimated(false);
        c.setCreateSymbols(false);
        c.getData().add(series);
        c.setPrefHeight(170);
        GridPane.setHgrow(c, Priority.ALWAYS);
        GridPane.setVgrow(c, Priority.ALWAYS);
        return c;
    }

    private void refresh() {
        List<WorkerFiguresModel.Point> points = model.history(id);
        empty.setVisible(points.isEmpty());
        empty.setManaged(points.isEmpty());
        Instant now = points.isEmpty() ? Instant.now() : points.getLast().at();
        set(bps, points, now, WorkerFiguresModel.Point::blocksPerSecond);
        set(p95, points, now, WorkerFiguresModel.Point::executionP95Seconds);
        set(failures, points, now, p -> p.failureRate() == null ? null : p.failureRate() * 100);
        set(lag, points, now, p -> p.lagBlocks() == null ? null : p.lagBlocks().doubleValue());
    }

    private static void set(XYChart.Series<Number, Number> s, List<WorkerFiguresModel.Point> points, Instant now,
                            Function<WorkerFiguresModel.Point, Double> f) {
        List<XYChart.Data<Number, Number>> data = points.stream().filter(p -> f.apply(p) != null)
                .map(p -> new XYChart.Data<Number, Number>(-(now.toEpochMilli() - p.at().toEpochMilli()) / 60_000.0, f.apply(p)))
                .toList();
        s.getData().setAll(data);
    }
}
