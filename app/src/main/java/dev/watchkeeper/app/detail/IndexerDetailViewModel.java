package dev.watchkeeper.app.detail;

import dev.watchkeeper.app.epochs.EpochTimelineViewModel;
import dev.watchkeeper.app.ui.Styles;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.StreamFreshness;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.attention.HumanDuration;
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
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * One indexer's drill-down on the FX thread: refreshed from {@link DetailHistory} whenever a batch
 * touches the indexer, and from the epoch timeline's index for its pooler projects. Tracks the
 * indexer at full progress resolution while open; {@link #close()} when the tab closes.
 */
public final class IndexerDetailViewModel implements AutoCloseable {

    public static final Duration CHART_WINDOW = Duration.ofMinutes(10);
    static final DateTimeFormatter HMS = dev.watchkeeper.app.ui.Times.CLOCK;

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
    private final ReadOnlyObjectWrapper<List<Fact>> facts = new ReadOnlyObjectWrapper<>(this, "facts", List.of());
    private boolean removed;
    private final javafx.beans.property.ObjectProperty<Duration> chartWindow = new javafx.beans.property.SimpleObjectProperty<>(this, "chartWindow");

    /** {@code epochs} may be null when no pooler is configured. */
    public IndexerDetailViewModel(IndexerId id, DetailHistory history, EpochTimelineViewModel epochs, Clock clock) {
        this(id, history, epochs, clock, CHART_WINDOW);
    }

    /** @param chartWindow how far back the block-height chart reaches (a rewound detail: as far as the history store) */
    public IndexerDetailViewModel(IndexerId id, DetailHistory history, EpochTimelineViewModel epochs, Clock clock, Duration chartWindow) {
        this.chartWindow.set(chartWindow);
        this.chartWindow.addListener(o -> refresh());
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
        transitions.setAll(rows(history.transitions(id), clock.instant(), history.recordingStopped()));
        List<HealthChange> health = new ArrayList<>(history.healthChanges(id));
        java.util.Collections.reverse(health);
        healthChanges.setAll(health);
        samples.setAll(history.samplesSince(id, clock.instant().minus(chartWindow.get())));
        facts.set(facts(clock.instant()));
    }

    /** What the facts line shows, with the console's one rule for stream freshness and its one style mapping. */
    private List<Fact> facts(Instant now) {
        List<Fact> out = new ArrayList<>();
        IndexerState s = state.get();
        if (s == null) {
            out.add(new Fact("State", "not observed yet", Styles.MUTED, null));
        } else {
            out.add(new Fact("Lifecycle", s.lifecycleText(), Styles.forLifecycle(s.lifecycle()), Styles.iconForLifecycle(s.lifecycle())));
            out.add(new Fact("Enabled", s.enabled() == null ? "unknown" : s.enabled() ? "yes" : "no",
                    Boolean.FALSE.equals(s.enabled()) ? Styles.MUTED : null, null));
            if (s.problem() != null) {
                out.add(new Fact("State value", "unreadable: " + s.problem(), Styles.DANGER, null));
            }
        }
        StreamStatus st = stream.get();
        if (st == null) {
            out.add(new Fact("Block stream", "unknown (no stream reported)", Styles.MUTED, null));
        } else {
            StreamFreshness fresh = StreamFreshness.of(st.health(), st.updatedAtSecs(), now);
            out.add(new Fact("Block stream", Styles.streamText(st.health(), fresh), Styles.forStream(st.health(), fresh),
                    Styles.iconForStream(st.health())));
        }
        ExecutorStatus ex = executor.get();
        out.add(ex == null
                ? new Fact("Executor", "unknown (no executor reported)", Styles.MUTED, null)
                : new Fact("Executor", Styles.healthText(ex.health()), Styles.forExecutor(ex.health()), Styles.iconForExecutor(ex.health())));
        Progress p = progress.get();
        out.add(new Fact("Last published block", p == null || p.lastPublishedBlock() == null ? "—" : String.format("%,d", p.lastPublishedBlock()), null, null));
        out.add(new Fact("Queue depth", p == null || p.queueDepth() == null ? "—" : Long.toString(p.queueDepth()), null, null));
        if (p != null && p.problem() != null) {
            out.add(new Fact("Progress", "unreadable: " + p.problem(), Styles.DANGER, null));
        }
        Instant asOf = dataAsOf.get();
        String fresh = asOf == null ? "no data yet"
                : "data as of " + HMS.format(asOf) + " (" + HumanDuration.format(Duration.between(asOf, now)) + " ago)";
        if (removed) {
            fresh = "no longer in Redis (deleted?) · last " + fresh;
        }
        out.add(new Fact("", fresh, removed ? Styles.WARNING : Styles.MUTED, null));
        return List.copyOf(out);
    }

    /** The facts line: state, stream, executor, progress and the data's age; renewed with every refresh. */
    public ReadOnlyObjectProperty<List<Fact>> factsProperty() {
        return facts.getReadOnlyProperty();
    }

    static List<TransitionRow> rows(List<Transition> ts, Instant now) {
        return rows(ts, now, List.of());
    }

    /**
     * Each transition with its time in state: until the next one, or {@code now}; but a state a
     * recorded gap interrupted ({@code recordingStopped}: where gaps began, oldest first) ends where
     * the gap began, since the store does not know how long it lasted after that.
     */
    static List<TransitionRow> rows(List<Transition> ts, Instant now, List<Instant> recordingStopped) {
        List<TransitionRow> out = new ArrayList<>(ts.size());
        for (int i = ts.size() - 1; i >= 0; i--) {
            Transition t = ts.get(i);
            boolean current = i == ts.size() - 1;
            Instant until = current ? now : ts.get(i + 1).at();
            Instant stopped = firstBetween(recordingStopped, t.at(), until);
            Duration d = Duration.between(t.at(), stopped != null ? stopped : until);
            out.add(new TransitionRow(t, d.isNegative() ? Duration.ZERO : d, current, stopped != null));
        }
        return out;
    }

    /** The first of {@code moments} after {@code from} and before {@code to}, or null. */
    private static Instant firstBetween(List<Instant> moments, Instant from, Instant to) {
        for (Instant m : moments) {
            if (m.isAfter(from) && m.isBefore(to)) {
                return m;
            }
        }
        return null;
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

    /** How far back the block-height chart reaches. */
    public Duration chartWindow() {
        return chartWindow.get();
    }

    /** How far back the block-height chart reaches; the operator picks it (10 minutes to a day). */
    public javafx.beans.property.ObjectProperty<Duration> chartWindowProperty() {
        return chartWindow;
    }

    /** The oldest block height held (recorded by the history store or observed), null when none: how far back a chart can show. */
    public java.time.Instant oldestSample() {
        return history.oldestSample(id);
    }

    /** Oldest first, the last {@link #chartWindow()}. */
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
