package dev.watchkeeper.app.detail;

import dev.watchkeeper.app.epochs.EpochTimelineViewModel;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.epoch.EpochIndex;
import dev.watchkeeper.model.epoch.ProjectLane;
import dev.watchkeeper.model.epoch.StateUpdate;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One indexer's drill-down on the FX thread: refreshed from {@link DetailHistory} whenever a batch
 * touches the indexer, and from the epoch timeline's index for its pooler projects. Tracks the
 * indexer at full progress resolution while open; {@link #close()} when the tab closes.
 */
public final class IndexerDetailViewModel implements AutoCloseable {

    public static final Duration CHART_WINDOW = Duration.ofMinutes(10);

    private final IndexerId id;
    private final DetailHistory history;
    private final EpochTimelineViewModel epochs;
    private final Clock clock;
    /** Batches can arrive many times a second: coalesce them into one refresh per pulse. */
    private final Runnable onChange = this::refreshSoon;
    private boolean refreshScheduled;
    private final InvalidationListener onEpochs = o -> refreshEpochLane();
    private final ReadOnlyObjectWrapper<IndexerState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyObjectWrapper<StreamStatus> stream = new ReadOnlyObjectWrapper<>(this, "stream");
    private final ReadOnlyObjectWrapper<ExecutorStatus> executor = new ReadOnlyObjectWrapper<>(this, "executor");
    private final ReadOnlyObjectWrapper<Progress> progress = new ReadOnlyObjectWrapper<>(this, "progress");
    private final ReadOnlyObjectWrapper<Instant> dataAsOf = new ReadOnlyObjectWrapper<>(this, "dataAsOf");
    private final ReadOnlyStringWrapper rawState = new ReadOnlyStringWrapper(this, "rawState");
    private final ObservableList<TransitionRow> transitions = FXCollections.observableArrayList();
    private final ObservableList<HealthChange> healthChanges = FXCollections.observableArrayList();
    private final ObservableList<ProgressSample> samples = FXCollections.observableArrayList();
    private final ObservableList<EpochLaneRow> epochLane = FXCollections.observableArrayList();
    private boolean removed;

    /** {@code epochs} may be null when no pooler is configured. */
    public IndexerDetailViewModel(IndexerId id, DetailHistory history, EpochTimelineViewModel epochs, Clock clock) {
        this.id = id;
        this.history = history;
        this.epochs = epochs;
        this.clock = clock;
        history.track(id);
        history.addListener(id, onChange);
        if (epochs != null) {
            epochs.indexProperty().addListener(onEpochs);
        }
        refresh();
        refreshEpochLane();
    }

    private void refreshSoon() {
        if (!refreshScheduled) {
            refreshScheduled = true;
            javafx.application.Platform.runLater(this::refresh);
        }
    }

    /** Re-reads everything for this indexer; also called once a second to age "time in state". */
    public void refresh() {
        refreshScheduled = false;
        // Freshness first: listeners of the values below redraw the header with it.
        removed = history.isRemoved(id);
        dataAsOf.set(history.lastSeen(id));
        state.set(history.state(id));
        stream.set(history.stream(id));
        executor.set(history.executor(id));
        progress.set(history.progress(id));
        rawState.set(RawJson.describe(state.get()));
        transitions.setAll(rows(history.transitions(id), clock.instant()));
        List<HealthChange> health = new ArrayList<>(history.healthChanges(id));
        java.util.Collections.reverse(health);
        healthChanges.setAll(health);
        samples.setAll(history.samplesSince(id, clock.instant().minus(CHART_WINDOW)));
    }

    static List<TransitionRow> rows(List<Transition> ts, Instant now) {
        List<TransitionRow> out = new ArrayList<>(ts.size());
        for (int i = ts.size() - 1; i >= 0; i--) {
            Transition t = ts.get(i);
            boolean current = i == ts.size() - 1;
            Instant until = current ? now : ts.get(i + 1).at();
            Duration d = Duration.between(t.at(), until);
            out.add(new TransitionRow(t, d.isNegative() ? Duration.ZERO : d, current));
        }
        return out;
    }

    private void refreshEpochLane() {
        if (epochs == null) {
            return;
        }
        EpochIndex index = epochs.index();
        List<EpochLaneRow> rows = new ArrayList<>();
        for (ProjectLane lane : index.lanesOf(id)) {
            for (int e = index.epochs().size() - 1; e >= 0; e--) {
                long epochId = index.epochs().get(e).epochId();
                for (StateUpdate u : lane.updates(e)) {
                    rows.add(new EpochLaneRow(epochId, lane.projectId(), u));
                }
            }
        }
        epochLane.setAll(rows);
    }

    public IndexerId id() {
        return id;
    }

    public boolean isRemoved() {
        return removed;
    }

    public Instant now() {
        return clock.instant();
    }

    public ReadOnlyObjectProperty<IndexerState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<StreamStatus> streamProperty() {
        return stream.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ExecutorStatus> executorProperty() {
        return executor.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Progress> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> dataAsOfProperty() {
        return dataAsOf.getReadOnlyProperty();
    }

    /** The Redis state value, pretty-printed; unreadable values raw, with the problem. */
    public ReadOnlyStringProperty rawStateProperty() {
        return rawState.getReadOnlyProperty();
    }

    /** Newest first. */
    public ObservableList<TransitionRow> transitions() {
        return transitions;
    }

    /** Newest first. */
    public ObservableList<HealthChange> healthChanges() {
        return healthChanges;
    }

    /** Oldest first, the last {@link #CHART_WINDOW}. */
    public ObservableList<ProgressSample> samples() {
        return samples;
    }

    /** Newest epoch first. */
    public ObservableList<EpochLaneRow> epochLane() {
        return epochLane;
    }

    @Override
    public void close() {
        history.removeListener(id, onChange);
        history.untrack(id);
        if (epochs != null) {
            epochs.indexProperty().removeListener(onEpochs);
        }
    }
}
