package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.CoordinatorKind;
import dev.watchkeeper.model.ConnectionState;
import dev.watchkeeper.model.SourceStatus;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.HealthListing;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.attention.AttentionKind;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;
import javafx.collections.transformation.FilteredList;
import dev.watchkeeper.app.ui.IncrementalSortedList;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fleet as the table shows it. Receives batches (already on the FX thread, coalesced per
 * pulse) and updates rows in place, so selection and scroll position survive updates. A changed
 * row fires one list update per pulse (its revision), so sorting and filtering stay incremental.
 */
public final class FleetViewModel {

    private final Map<IndexerId, IndexerRow> byId = new HashMap<>();
    private final RowList rows = new RowList();
    /**
     * One read-only view of {@link #rows}, made once: each view made listens to the rows until it
     * is collected, so a view per call (the attention rules ask every evaluation) had every row
     * change fired at dozens of discarded views, and filled the heap with their listener arrays.
     */
    private final ObservableList<IndexerRow> allRowsView = FXCollections.unmodifiableObservableList(rows);
    private final FilteredList<IndexerRow> filtered = new FilteredList<>(rows);
    private final IncrementalSortedList<IndexerRow> sorted = new IncrementalSortedList<>(filtered);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    /** Which coordinator the rows come from: what their lifecycle states mean (upstream's Deleting is final). */
    private final javafx.beans.property.ObjectProperty<CoordinatorKind> coordinator =
            new javafx.beans.property.SimpleObjectProperty<>(this, "coordinator", CoordinatorKind.UNKNOWN);
    private final ObservableSet<LifecycleState> lifecycleFilter = FXCollections.observableSet(new LinkedHashSet<>());
    private final ObservableSet<HealthFacet> healthFilter = FXCollections.observableSet(new LinkedHashSet<>());
    private final ReadOnlyObjectWrapper<FleetFilter> filter = new ReadOnlyObjectWrapper<>(this, "filter", FleetFilter.NONE);
    private final ReadOnlyObjectWrapper<Instant> dataAsOf = new ReadOnlyObjectWrapper<>(this, "dataAsOf");
    private final ReadOnlyIntegerWrapper changes = new ReadOnlyIntegerWrapper(this, "changes");
    private boolean rowsAddedOrRemoved;
    private final List<Consumer<IndexerRow>> rowListeners = new ArrayList<>();
    /** Latest health/progress by indexer, kept also for indexers whose state has not arrived yet. */
    private Map<IndexerId, StreamStatus> streams = new HashMap<>();
    private Map<IndexerId, ExecutorStatus> executors = new HashMap<>();
    /** {@link #streams} as the rows read it. */
    private final LatestStreams latestStreams = new LatestStreams();
    /** By source, the number of the {@link HealthListing} applied last, 0 when something else of that source was applied since. */
    private final Map<Source, Long> listingApplied = new java.util.EnumMap<>(Source.class);
    /** Whether {@link #streams} and {@link #executors} are a listing's own (unmodifiable) maps. */
    private boolean streamsShared;
    private boolean executorsShared;

    {
        latestStreams.byId = streams;
    }
    private final Map<IndexerId, Progress> progress = new HashMap<>();
    private final BooleanProperty sortFollowsChanges = new SimpleBooleanProperty(this, "sortFollowsChanges", true);
    private final BooleanProperty sortFollowsProgress = new SimpleBooleanProperty(this, "sortFollowsProgress", true);
    private final BooleanProperty sortFollowsHealth = new SimpleBooleanProperty(this, "sortFollowsHealth", true);
    private final BooleanProperty sortFollowsState = new SimpleBooleanProperty(this, "sortFollowsState", true);
    private long blocksPublished;
    private final Map<Source, Boolean> sourceDown = new java.util.EnumMap<>(Source.class);
    private boolean settingFilter;

    public javafx.beans.property.ObjectProperty<CoordinatorKind> coordinatorProperty() {
        return coordinator;
    }

    public FleetViewModel() {
        filterText.addListener((obs, old, text) -> refilter());
        lifecycleFilter.addListener((SetChangeListener<LifecycleState>) c -> refilter());
        healthFilter.addListener((SetChangeListener<HealthFacet>) c -> refilter());
    }

    public IncrementalSortedList<IndexerRow> sortedRows() {
        return sorted;
    }

    public ObservableList<IndexerRow> allRows() {
        return allRowsView;
    }

    /**
     * Whether the table's sort order uses values that change (state, health, progress, times).
     * When it does not and no filter is set, changed rows need no list change at all: their
     * cells follow the rows' own properties, and even a neighbour check per row is work for
     * nothing. The view keeps this current; true (always re-check) unless told otherwise.
     */
    public BooleanProperty sortFollowsChangesProperty() {
        return sortFollowsChanges;
    }

    /**
     * Whether the table's sort order uses progress (last block, queue). When it does not and no
     * filter is set, rows whose progress alone changed need no list change: a running fleet's
     * progress changes about once a second per indexer, and each row reported costs neighbour checks.
     * The view keeps this current; true unless told otherwise.
     */
    public BooleanProperty sortFollowsProgressProperty() {
        return sortFollowsProgress;
    }

    /**
     * Whether the table's sort order uses stream or executor health. When it does not and no filter
     * is set, rows whose health alone changed need no list change: a block streamer's listing
     * refreshes every stream's {@code updated_at} on each poll, so every row of a running fleet
     * changes every few seconds, and each row reported costs neighbour checks. (The Attention column
     * follows health through {@link #applyAttention}.) True unless told otherwise.
     */
    public BooleanProperty sortFollowsHealthProperty() {
        return sortFollowsHealth;
    }

    /**
     * Whether the table's sort order uses the state or when it began (lifecycle, enabled, time in
     * state, or a column the view does not know to be free of them). When it does not and no filter
     * is set, rows whose state or beginning changed need no list change: sorted by what needs
     * attention (which follows through {@link #applyAttention}) and name, a scrub step's thousands
     * of changed rows cost neighbour checks for nothing. True unless told otherwise.
     */
    public BooleanProperty sortFollowsStateProperty() {
        return sortFollowsState;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    /** Lifecycle states to show; empty shows all. */
    public ObservableSet<LifecycleState> lifecycleFilter() {
        return lifecycleFilter;
    }

    /** Health values to show; empty shows all. */
    public ObservableSet<HealthFacet> healthFilter() {
        return healthFilter;
    }

    public ReadOnlyObjectProperty<FleetFilter> filterProperty() {
        return filter.getReadOnlyProperty();
    }

    /** Replaces the whole filter at once (saved filters, dashboard tiles): the list is re-filtered once. */
    public void setFilter(FleetFilter f) {
        settingFilter = true;
        try {
            filterText.set(f.text());
            lifecycleFilter.retainAll(f.lifecycles());
            lifecycleFilter.addAll(f.lifecycles());
            healthFilter.retainAll(f.health());
            healthFilter.addAll(f.health());
        } finally {
            settingFilter = false;
        }
        refilter();
    }

    private void refilter() {
        if (settingFilter) {
            return;
        }
        FleetFilter next = new FleetFilter(filterText.get(), lifecycleFilter, healthFilter);
        filter.set(next);
        filtered.setPredicate(next.predicate());
    }

    public ReadOnlyObjectProperty<Instant> dataAsOfProperty() {
        return dataAsOf.getReadOnlyProperty();
    }

    /** Bumped once per applied batch group: a cheap signal for views that summarise the fleet. */
    public ReadOnlyIntegerProperty changesProperty() {
        return changes.getReadOnlyProperty();
    }

    /** Blocks published across the fleet since this model started (sum of last_published_block increases). */
    public long blocksPublished() {
        return blocksPublished;
    }

    public IndexerRow row(IndexerId id) {
        return byId.get(id);
    }

    /** Called after a row's coordinator state changed (e.g. to confirm a pending command). */
    public void addRowListener(Consumer<IndexerRow> listener) {
        rowListeners.add(listener);
    }

    /** Applies state batches in arrival order. Must run on the FX thread. */
    public void apply(List<StateBatch> batches) {
        applyAll(batches);
    }

    /** Applies block-streamer and runner listings. A full listing without an indexer means it has no stream/executor. */
    public void applyHealth(List<HealthBatch> batches) {
        applyAll(batches);
    }

    /**
     * A block streamer or runner that stops answering leaves its health unknown, not at the last
     * value it gave: on the change to RECONNECTING or DOWN every row's stream (or executor) health
     * becomes unknown until the source answers again with a full listing.
     */
    public void sourceStatus(SourceStatus status) {
        if (status.source() != Source.BLOCK_STREAMER && status.source() != Source.RUNNER) {
            return;
        }
        boolean down = status.state() == ConnectionState.RECONNECTING || status.state() == ConnectionState.DOWN;
        Boolean was = sourceDown.put(status.source(), down);
        if (down && !Boolean.TRUE.equals(was)) {
            Instant at = status.since() != null ? status.since() : Instant.now();
            applyHealth(List.of(new HealthBatch(status.source(), List.of(), List.of(), true, at)));
        }
    }

    /** Applies last published blocks and queue depths. */
    public void applyProgress(List<ProgressBatch> batches) {
        applyAll(batches);
    }

    /**
     * Applies a pulse's worth of {@link StateBatch}, {@link HealthBatch} and {@link ProgressBatch}
     * values in arrival order, then reports all changed rows as one list change: the table re-places
     * and re-filters rows at most once per pulse, however many changes a row had.
     */
    public void applyAll(List<?> items) {
        applyFrame(items, Map.of(), null, null);
    }

    /**
     * A rewound frame in one go: its batches, then when rows' lifecycles began, reported as ONE
     * change of the rows that differ afterwards (a row set to the same beginning is not a change).
     * Rows in {@code began} began then; each other row, when {@code restartAt} is given, is known
     * only to have been in its state at least since then (a jump), and, when {@code atLeastSince}
     * is given and earlier than what the row has, at least since that (the store's look reaches back there).
     */
    public void applyFrame(List<?> items, Map<IndexerId, Instant> began, Instant restartAt, Instant atLeastSince) {
        applyFrame(items, began, restartAt, atLeastSince, null);
    }

    /**
     * As above; {@code beganChanged} (null: not known) names the indexers whose entry in {@code began}
     * differs from the frame applied before. When that frame was a jump too, every other row not
     * added or changed by the batches already shows what {@code began} says: only those are re-checked.
     */
    public void applyFrame(List<?> items, Map<IndexerId, Instant> began, Instant restartAt, Instant atLeastSince,
                           java.util.Collection<IndexerId> beganChanged) {
        Set<IndexerRow> changed = rowSet();
        // in arrival order: the row listeners hear of them in that order
        Set<IndexerRow> stateChanged = new LinkedHashSet<>();
        Set<IndexerRow> progressed = rowSet();
        Set<IndexerRow> healthChanged = rowSet();
        // rows whose stream's updated_at alone moved: every running row on each listing, kept only when the order uses it
        Set<IndexerRow> healthRefreshed = sortFollowsHealth.get() ? rowSet() : NOT_KEPT;
        long removalsBefore = removals;
        List<IndexerRow> added = new ArrayList<>();
        for (Object item : items) {
            switch (item) {
                case StateBatch b -> states(b, changed, stateChanged, added);
                case HealthBatch b -> health(b, healthChanged, healthRefreshed);
                case HealthListing l -> listing(l, healthChanged, healthRefreshed);
                case ProgressBatch b -> progress(b, progressed);
                default -> throw new IllegalArgumentException("not a fleet batch: " + item.getClass().getName());
            }
        }
        Iterable<IndexerRow> toCheck = byId.values();
        if (beganChanged != null && lastWasJump && restartAt != null) {
            Set<IndexerRow> some = rowSet();
            beganChanged.forEach(id -> some.add(byId.get(id)));
            some.remove(null);
            some.addAll(stateChanged);
            some.addAll(added);
            toCheck = some;
        }
        boolean floorMoved = began(began, restartAt, atLeastSince, changed, toCheck);
        lastWasJump = restartAt != null;
        // rows whose state, progress or health changed move in the list only when the order or a filter may use it
        Set<IndexerRow> reordered = rowSet();
        if (sortFollowsState.get() || filter.get().followsChanges()) {
            reordered.addAll(changed);
        }
        if (sortFollowsProgress.get() || filter.get().followsChanges()) {
            reordered.addAll(progressed);
        }
        if (sortFollowsHealth.get() || filter.get().followsChanges()) {
            reordered.addAll(healthChanged);
        }
        if (sortFollowsHealth.get()) {
            reordered.addAll(healthRefreshed); // the Block stream column orders by updated_at within a health
        }
        changed.addAll(progressed);
        changed.addAll(healthChanged);
        if (removals != removalsBefore) {
            // a row collected before a later batch removed it (a row is replaced only after its removal)
            changed.removeIf(r -> byId.get(r.id()) != r);
            reordered.removeIf(r -> byId.get(r.id()) != r);
        }
        finish(changed, reordered);
        if (floorMoved && sortFollowsChanges.get() && sorted.getComparator() != null && !stillInOrder(floored)) {
            // rows at the floor moved together: re-sorted only when that broke the order shown (only they can have)
            rows.updated(new LinkedHashSet<>(byId.values()));
        }
        if (rowListeners.isEmpty()) {
            return; // nobody to tell: a rewound fleet's thousands of state changes need no walk
        }
        for (IndexerRow row : stateChanged) {
            if (byId.get(row.id()) == row) {
                for (Consumer<IndexerRow> l : rowListeners) {
                    l.accept(row);
                }
            }
        }
    }

    /** Rows removed so far (each batch that removes some adds them). */
    private long removals;
    /** The last frame applied was a jump: each row not in its beginnings is at the floor. */
    private boolean lastWasJump;
    /** The rows at the floor. */
    private final Set<IndexerRow> floored = rowSet();

    /** A set of rows by identity, with no entry object per row: a scrub step collects thousands of changed rows into several. */
    private static Set<IndexerRow> rowSet() {
        return java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    }

    /**
     * The moment rows whose state began at an unknown time are known to have been in it at least
     * since, shared by all of them (a rewound fleet's): a jump moves it, not 10,000 rows.
     */
    private final javafx.beans.property.ObjectProperty<Instant> floor = new javafx.beans.property.SimpleObjectProperty<>(this, "floor");

    /**
     * Sets each row's beginning as {@link #applyFrame} says, adding the rows whose beginning changed
     * to {@code changed}; rows that follow the shared floor are not changed when only it moves.
     * Returns whether the floor moved under some rows. With {@code restartAt} or {@code atLeastSince},
     * only {@code toCheck} is checked: every row, or those that may differ from what {@code began} says.
     */
    private boolean began(Map<IndexerId, Instant> began, Instant restartAt, Instant atLeastSince, Set<IndexerRow> changed,
                          Iterable<IndexerRow> toCheck) {
        if (restartAt == null && atLeastSince == null) {
            began.forEach((id, at) -> {
                IndexerRow row = byId.get(id);
                if (row != null && !(row.stateSinceExact() && at.equals(row.stateSince()))) {
                    row.knownSince(at);
                    changed.add(row);
                    floored.remove(row);
                }
            });
            return false;
        }
        Instant was = floor.get();
        if (restartAt != null) {
            floor.set(atLeastSince != null && atLeastSince.isBefore(restartAt) ? atLeastSince : restartAt);
        } else if (was != null && atLeastSince.isBefore(was)) {
            floor.set(atLeastSince); // the rows at the floor are known at least since then too
        }
        for (IndexerRow row : toCheck) {
            Instant at = began.get(row.id());
            if (at != null) {
                if (!(row.stateSinceExact() && at.equals(row.stateSince()))) {
                    row.knownSince(at);
                    changed.add(row);
                }
            } else if (restartAt != null) {
                if (!row.atFloor()) {
                    row.toFloor();
                    changed.add(row);
                }
            } else if (!row.stateSinceExact() && !row.atFloor() && row.stateSince() != null && atLeastSince.isBefore(row.stateSince())) {
                row.atLeastSince(atLeastSince);
                changed.add(row);
            }
            if (row.atFloor()) {
                floored.add(row);
            } else {
                floored.remove(row);
            }
        }
        // without rows at it, the floor's moving shows nowhere
        return !floored.isEmpty() && !java.util.Objects.equals(was, floor.get());
    }

    private void states(StateBatch batch, Set<IndexerRow> changed, Set<IndexerRow> stateChanged, List<IndexerRow> addedRows) {
        List<IndexerRow> added = new ArrayList<>();
        Set<IndexerRow> removed = new HashSet<>();
        if (batch.fullSnapshot()) {
            Set<IndexerId> present = new HashSet<>();
            batch.upserts().forEach(s -> present.add(s.id()));
            for (IndexerRow row : byId.values()) {
                if (!present.contains(row.id())) {
                    removed.add(row);
                }
            }
            byId.keySet().retainAll(present);
        }
        for (IndexerId gone : batch.removed()) {
            IndexerRow row = byId.remove(gone);
            if (row != null) {
                removed.add(row);
            }
        }
        for (IndexerState s : batch.upserts()) {
            IndexerRow row = byId.get(s.id());
            if (row == null) {
                // A row from an incremental batch is a newly registered indexer: its state began now.
                row = new IndexerRow(s, batch.observedAt(), !batch.fullSnapshot() && !byId.isEmpty(), floor, latestStreams);
                row.updateStream(streams.get(s.id()), batch.observedAt());
                row.updateExecutor(executors.get(s.id()), batch.observedAt());
                row.updateProgress(progress.get(s.id()), batch.observedAt());
                byId.put(s.id(), row);
                added.add(row);
                removed.remove(row);
            } else if (row.update(s, batch.observedAt())) {
                changed.add(row);
                stateChanged.add(row);
                if (!row.atFloor()) {
                    floored.remove(row); // a new lifecycle began now
                }
            }
        }
        dataAsOf.set(batch.observedAt());
        added.removeIf(r -> byId.get(r.id()) != r);
        removals += removed.size();
        floored.removeAll(removed);
        rows.removeRows(removed);
        rows.addRows(added);
        addedRows.addAll(added);
        rowsAddedOrRemoved |= !added.isEmpty() || !removed.isEmpty();
    }

    /** A set that keeps nothing: where rows are not needed, adding 10,000 of them per listing is work for nothing. */
    private static final Set<IndexerRow> NOT_KEPT = new java.util.AbstractSet<>() {
        @Override
        public boolean add(IndexerRow row) {
            return false;
        }

        @Override
        public java.util.Iterator<IndexerRow> iterator() {
            return java.util.Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    };

    /** {@code changed}: rows whose health changed; {@code refreshed}: rows whose stream's updated_at alone moved. */
    private void health(HealthBatch b, Set<IndexerRow> changed, Set<IndexerRow> refreshed) {
        boolean isStreams = b.source() == Source.BLOCK_STREAMER;
        listingApplied.put(b.source(), 0L);
        if (b.full()) {
            // a full listing replaces the source's map: the new map is the "present" set as well
            if (isStreams) {
                Map<IndexerId, StreamStatus> listed = new HashMap<>(b.streams().size() * 2);
                b.streams().forEach(s -> listed.put(s.id(), s));
                setStreams(listed, false);
            } else {
                Map<IndexerId, ExecutorStatus> listed = new HashMap<>(b.executors().size() * 2);
                b.executors().forEach(e -> listed.put(e.id(), e));
                setExecutors(listed, false);
            }
            everyRow(isStreams, b.observedAt(), changed, refreshed);
            return;
        }
        if (!b.streams().isEmpty() && streamsShared) {
            setStreams(new HashMap<>(streams), false);
        }
        if (!b.executors().isEmpty() && executorsShared) {
            setExecutors(new HashMap<>(executors), false);
        }
        for (StreamStatus s : b.streams()) {
            streams.put(s.id(), s);
            IndexerRow row = byId.get(s.id());
            if (row != null) {
                stream(row, s, b.observedAt(), changed, refreshed);
            }
        }
        for (ExecutorStatus e : b.executors()) {
            executors.put(e.id(), e);
            IndexerRow row = byId.get(e.id());
            if (row != null && row.updateExecutor(e, b.observedAt())) {
                changed.add(row);
            }
        }
    }

    /**
     * A full listing compared off the FX thread: when the listing it was compared with is the one
     * applied last, only the rows it changed are touched (rows whose updated_at alone moved read it
     * from {@link LatestStreams}, and are re-placed only when the order uses it); otherwise whole.
     */
    private void listing(HealthListing l, Set<IndexerRow> changed, Set<IndexerRow> refreshed) {
        boolean isStreams = l.source() == Source.BLOCK_STREAMER;
        boolean follows = l.previous() != 0 && l.previous() == listingApplied.getOrDefault(l.source(), 0L);
        listingApplied.put(l.source(), l.seq());
        if (isStreams) {
            setStreams(l.streams(), true);
        } else {
            setExecutors(l.executors(), true);
        }
        Instant at = l.batch().observedAt();
        if (!follows) {
            everyRow(isStreams, at, changed, refreshed);
            return;
        }
        for (IndexerId id : l.changed()) {
            IndexerRow row = byId.get(id);
            if (row == null) {
                continue;
            }
            if (isStreams) {
                stream(row, streams.get(id), at, changed, refreshed);
            } else if (row.updateExecutor(executors.get(id), at)) {
                changed.add(row);
            }
        }
        if (refreshed != NOT_KEPT) {
            for (IndexerId id : l.timeOnly()) {
                IndexerRow row = byId.get(id);
                if (row != null) {
                    refreshed.add(row);
                }
            }
        }
    }

    private void setStreams(Map<IndexerId, StreamStatus> listed, boolean shared) {
        streams = listed;
        streamsShared = shared;
        latestStreams.byId = listed;
    }

    private void setExecutors(Map<IndexerId, ExecutorStatus> listed, boolean shared) {
        executors = listed;
        executorsShared = shared;
    }

    /** Every row against the source's map: absent from it, no stream (or executor) any more. */
    private void everyRow(boolean isStreams, Instant at, Set<IndexerRow> changed, Set<IndexerRow> refreshed) {
        for (IndexerRow row : byId.values()) {
            if (isStreams) {
                stream(row, streams.get(row.id()), at, changed, refreshed);
            } else if (row.updateExecutor(executors.get(row.id()), at)) {
                changed.add(row);
            }
        }
    }

    private static void stream(IndexerRow row, StreamStatus s, Instant at, Set<IndexerRow> changed, Set<IndexerRow> refreshed) {
        switch (row.updateStream(s, at)) {
            case CHANGED -> changed.add(row);
            case UPDATED_AT -> refreshed.add(row);
            case NONE -> {
            }
        }
    }

    private void progress(ProgressBatch b, Set<IndexerRow> changed) {
        for (Progress p : b.items()) {
            progress.put(p.id(), p);
            IndexerRow row = byId.get(p.id());
            if (row != null) {
                long delta = row.updateProgress(p, b.observedAt());
                if (delta >= 0) {
                    blocksPublished += delta;
                    changed.add(row);
                }
            }
        }
    }

    /**
     * Reports the changed rows; a batch that changed nothing (an unchanged health listing every few
     * seconds) reports nothing, so whole-fleet summaries are not recomputed for it.
     */
    private void finish(Set<IndexerRow> changed, Set<IndexerRow> reordered) {
        for (IndexerRow row : changed) {
            row.bumpRevision();
        }
        reorder(reordered);
        if (!changed.isEmpty() || rowsAddedOrRemoved) {
            rowsAddedOrRemoved = false;
            changes.set(changes.get() + 1);
        }
    }

    /**
     * Sets each row's most urgent attention kind (null: none), as the attention rules found it;
     * rows whose kind changed are re-sorted once, like other changes in a pulse. Does not count as
     * a fleet change ({@link #changesProperty()}): the attention rules listen to those.
     */
    public void applyAttention(Map<IndexerRow, AttentionKind> kinds) {
        Set<IndexerRow> changed = new LinkedHashSet<>();
        kinds.forEach((row, kind) -> {
            if (byId.get(row.id()) == row && row.setAttention(kind)) {
                row.bumpRevision();
                changed.add(row);
            }
        });
        reorder(changed);
    }

    /**
     * Reports changed rows to the sorted and filtered lists when their place may have changed: a
     * filter that follows changes re-tests them; the sorted list moves those no longer between their
     * neighbours. Rows changed in place that still sit between their neighbours (the sort key did not
     * change, or not enough to move them) report nothing: a list change costs the table a pass over
     * its cells. Their cells follow the rows' own properties.
     */
    private void reorder(Set<IndexerRow> changed) {
        if (changed.isEmpty()) {
            return;
        }
        if (filter.get().followsChanges() || sortFollowsChanges.get() && !stillInOrder(changed)) {
            rows.updated(changed);
        }
    }

    /** Whether each of {@code changed} is still between its neighbours in the shown order (so the whole order holds). */
    private boolean stillInOrder(Set<IndexerRow> changed) {
        java.util.Comparator<? super IndexerRow> order = sorted.getComparator();
        if (order == null) {
            return false;
        }
        for (IndexerRow row : changed) {
            int source = rows.indexOf(row);
            int shown = source < 0 ? -1 : filtered.getViewIndex(source);
            if (shown < 0) {
                continue; // hidden by a filter that does not follow changes
            }
            int at = sorted.getViewIndex(shown);
            if (at > 0 && order.compare(sorted.get(at - 1), row) > 0
                    || at + 1 < sorted.size() && order.compare(row, sorted.get(at + 1)) > 0) {
                return false;
            }
        }
        return true;
    }

    /** Marks data as confirmed current without changes (e.g. a heartbeat or an empty poll). */
    public void confirmed(Instant at) {
        if (at != null && (dataAsOf.get() == null || at.isAfter(dataAsOf.get()))) {
            dataAsOf.set(at);
        }
    }
}
