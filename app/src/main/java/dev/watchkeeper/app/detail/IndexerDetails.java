package dev.watchkeeper.app.detail;

import dev.watchkeeper.app.epochs.EpochTimelineViewModel;
import dev.watchkeeper.app.logs.LogFeed;
import dev.watchkeeper.app.logs.LogPane;
import dev.watchkeeper.app.logs.LogPaneViewModel;
import dev.watchkeeper.app.workers.WorkerCharts;
import dev.watchkeeper.app.workers.WorkerFiguresModel;
import dev.watchkeeper.connectors.logs.IndexerLogSource;
import dev.watchkeeper.model.IndexerId;

import java.time.Clock;

/**
 * Opens detail views for a session: each gets its view model over the shared history, the epoch
 * lane from the timeline, and a live log pane on the connection's log stream. Close the returned view
 * when its tab closes (stops its log stream and full-resolution tracking).
 */
public final class IndexerDetails {

    private final DetailHistory history;
    private final EpochTimelineViewModel epochs;
    private final IndexerLogSource logs;
    private final Clock clock;
    private final javafx.beans.value.ObservableValue<java.time.Instant> ticks;
    private WorkerFiguresModel workers;
    private boolean metricsConfigured;
    private java.time.Duration chartWindow = IndexerDetailViewModel.CHART_WINDOW;

    /**
     * @param epochs may be null (no pooler)
     * @param logs   the session's log source (extension stream or PostgreSQL); null for no log stream
     * @param ticks  the console's clock, ticking once a second
     */
    public IndexerDetails(DetailHistory history, EpochTimelineViewModel epochs, IndexerLogSource logs, Clock clock,
                          javafx.beans.value.ObservableValue<java.time.Instant> ticks) {
        this.history = history;
        this.epochs = epochs;
        this.logs = logs;
        this.clock = clock;
        this.ticks = ticks;
    }

    /** Adds a "Worker metrics" tab of charts from {@code model} to each detail. */
    public IndexerDetails withWorkers(WorkerFiguresModel model, boolean configured) {
        this.workers = model;
        this.metricsConfigured = configured;
        return this;
    }

    /** The block-height chart reaches this far back (default {@link IndexerDetailViewModel#CHART_WINDOW}). */
    public IndexerDetails withChartWindow(java.time.Duration window) {
        this.chartWindow = window;
        return this;
    }

    /** Must run on the FX thread. */
    public IndexerDetailView open(IndexerId id) {
        IndexerDetailViewModel vm = new IndexerDetailViewModel(id, history, epochs, clock, chartWindow);
        LogPaneViewModel pane = new LogPaneViewModel();
        LogFeed feed = logs == null ? null : LogFeed.follow(logs, id, pane);
        IndexerDetailView view = new IndexerDetailView(vm, new LogPane(pane), feed, ticks);
        if (workers != null) {
            view.addTab("Worker metrics", new WorkerCharts(workers, id, metricsConfigured));
        }
        return view;
    }
}
