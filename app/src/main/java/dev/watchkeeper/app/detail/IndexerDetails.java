package dev.watchkeeper.app.detail;

import dev.watchkeeper.app.epochs.EpochTimelineViewModel;
import dev.watchkeeper.app.logs.LogFeed;
import dev.watchkeeper.app.logs.LogPane;
import dev.watchkeeper.app.logs.LogPaneViewModel;
import dev.watchkeeper.app.workers.WorkerCharts;
import dev.watchkeeper.app.workers.WorkerFiguresModel;
import dev.watchkeeper.connectors.logs.IndexerLogSource;
import dev.watchkeeper.model.IndexerId;
import io.grpc.ManagedChannel;

import java.time.Clock;

/**
 * Opens detail views for a session: each gets its view model over the shared history, the epoch
 * lane from the timeline, and a live log pane on the coordinator channel. Close the returned view
 * when its tab closes (stops its log stream and full-resolution tracking).
 */
public final class IndexerDetails {

    private final DetailHistory history;
    private final EpochTimelineViewModel epochs;
    private final ManagedChannel coordinator;
    private final Clock clock;
    private IndexerLogSource logSource;
    private WorkerFiguresModel workers;
    private boolean metricsConfigured;

    /** {@code epochs} and {@code coordinator} may be null (no pooler / no log stream). */
    public IndexerDetails(DetailHistory history, EpochTimelineViewModel epochs, ManagedChannel coordinator, Clock clock) {
        this.history = history;
        this.epochs = epochs;
        this.coordinator = coordinator;
        this.clock = clock;
    }

    /** Reads logs from {@code source} (extension stream or PostgreSQL) instead of the coordinator channel alone. */
    public IndexerDetails withLogSource(IndexerLogSource source) {
        this.logSource = source;
        return this;
    }

    /** Adds a "Worker metrics" tab of charts from {@code model} to each detail. */
    public IndexerDetails withWorkers(WorkerFiguresModel model, boolean configured) {
        this.workers = model;
        this.metricsConfigured = configured;
        return this;
    }

    /** Must run on the FX thread. */
    public IndexerDetailView open(IndexerId id) {
        IndexerDetailViewModel vm = new IndexerDetailViewModel(id, history, epochs, clock);
        LogPaneViewModel logs = new LogPaneViewModel();
        LogFeed feed = logSource != null ? LogFeed.follow(logSource, id, logs)
                : coordinator == null ? null : LogFeed.follow(coordinator, id, logs);
        IndexerDetailView view = new IndexerDetailView(vm, new LogPane(logs), feed);
        if (workers != null) {
            view.addTab("Worker metrics", new WorkerCharts(workers, id, metricsConfigured));
        }
        return view;
    }
}
