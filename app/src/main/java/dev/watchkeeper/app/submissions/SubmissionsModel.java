package dev.watchkeeper.app.submissions;

import dev.watchkeeper.app.ui.FxBatcher;
import dev.watchkeeper.connectors.pooler.PoolerCoreApi;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The pooler core API's submission reports on the FX thread: polled every interval on a daemon
 * thread (never the FX thread); a selected project's missed and incorrect submissions on demand.
 */
public final class SubmissionsModel implements AutoCloseable {

    private static final DateTimeFormatter HMS = dev.watchkeeper.app.ui.Times.CLOCK;

    private final PoolerCoreApi api;
    private final URI url;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pooler-core-api");
        t.setDaemon(true);
        return t;
    });
    private final ObservableList<PoolerCoreApi.ProjectStatus> projects = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<PoolerCoreApi.Status> totals = new ReadOnlyObjectWrapper<>(this, "totals");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper(this, "state", "reading the pooler core API…");
    private final ReadOnlyObjectWrapper<PoolerCoreApi.ProjectReport> report = new ReadOnlyObjectWrapper<>(this, "report");
    private final FxBatcher<Object> results = new FxBatcher<>(list -> list.forEach(this::show));

    public SubmissionsModel(URI url, Duration interval, Duration deadline) {
        this.url = url;
        this.api = new PoolerCoreApi(url, deadline);
        poller.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            results.offer(api.status());
        } catch (IOException e) {
            results.offer("cannot read " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void show(Object o) {
        if (o instanceof PoolerCoreApi.Status s) {
            totals.set(s);
            projects.setAll(s.projects().stream()
                    .sorted(Comparator.comparingLong((PoolerCoreApi.ProjectStatus p) -> p.missed() + p.incorrect()).reversed()
                            .thenComparing(PoolerCoreApi.ProjectStatus::projectId))
                    .toList());
            state.set("as of " + HMS.format(Instant.now()));
        } else if (o instanceof PoolerCoreApi.ProjectReport r) {
            report.set(r);
        } else {
            state.set(String.valueOf(o));
        }
    }

    /** Loads {@code projectId}'s missed and incorrect submissions into {@link #reportProperty()}. */
    public void select(String projectId) {
        report.set(null);
        if (projectId == null) {
            return;
        }
        poller.execute(() -> {
            try {
                results.offer(api.project(projectId));
            } catch (IOException e) {
                results.offer("cannot read " + projectId + "'s report: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Projects, most missed and incorrect first. */
    public ObservableList<PoolerCoreApi.ProjectStatus> projects() {
        return projects;
    }

    public ReadOnlyObjectProperty<PoolerCoreApi.Status> totalsProperty() {
        return totals.getReadOnlyProperty();
    }

    /** "as of HH:MM:SS" or what went wrong. */
    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<PoolerCoreApi.ProjectReport> reportProperty() {
        return report.getReadOnlyProperty();
    }

    @Override
    public void close() {
        poller.shutdownNow();
        api.close();
    }
}
