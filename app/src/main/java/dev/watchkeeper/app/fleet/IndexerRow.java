package dev.watchkeeper.app.fleet;

import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.HealthListing;
import dev.watchkeeper.model.StreamStatus;
import dev.watchkeeper.model.attention.AttentionKind;
import dev.watchkeeper.model.attention.IndexerObservation;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

import java.time.Instant;
import java.util.Objects;

/**
 * One fleet row: coordinator state, block-stream and executor health, progress. Lives on the FX
 * thread; updated in place as new data arrives. {@link #revisionProperty()} changes once per pulse
 * for a changed row, so sorted/filtered lists re-check it once, not once per field.
 */
public final class IndexerRow {

    private final IndexerId id;
    private final ObjectProperty<IndexerState> state = new SimpleObjectProperty<>(this, "state");
    /** When the state began, unless the row follows {@link #floor}. */
    private final ObjectProperty<Instant> ownSince = new SimpleObjectProperty<>(this, "stateSince");
    /**
     * The fleet's shared "at least since" moment (a rewound fleet's look back, moving with every
     * jump), null when there is none: rows that follow it move without being updated one by one.
     */
    private final ObservableValue<Instant> floor;
    private final BooleanProperty atFloor = new SimpleBooleanProperty(this, "atFloor");
    private final ObjectBinding<Instant> stateSince;
    /** The command in flight or its last failure, shown next to the state; null when none. */
    private final StringProperty commandNote = new SimpleStringProperty(this, "commandNote");
    private final IntegerProperty revision = new SimpleIntegerProperty(this, "revision");
    /** The most urgent reason it needs an operator (the Attention view's), null when none. */
    private final ObjectProperty<AttentionKind> attention = new SimpleObjectProperty<>(this, "attention");

    private boolean stateSinceExact;
    /** The stream as last changed in more than updated_at ({@link #stream()} has the newest updated_at). */
    private StreamStatus stream;
    private final LatestStreams latest;
    private Instant streamHealthSince;
    private ExecutorStatus executor;
    private Instant executorHealthSince;
    private Long lastPublishedBlock;
    private Instant lastBlockChangedAt;
    private Long queueDepth;
    private String progressProblem;

    public IndexerRow(IndexerState initial, Instant observedAt) {
        this(initial, observedAt, false);
    }

    /** @param sinceExact true when the state is known to have begun at {@code observedAt} (e.g. a newly registered indexer) */
    public IndexerRow(IndexerState initial, Instant observedAt, boolean sinceExact) {
        this(initial, observedAt, sinceExact, null, null);
    }

    /**
     * @param floor  the fleet's shared "at least since" moment, null when it has none
     * @param latest the fleet's newest stream listing, where this row's stream's updated_at moves
     *               without the row being touched; null: only what {@link #updateStream} gave
     */
    IndexerRow(IndexerState initial, Instant observedAt, boolean sinceExact, ObservableValue<Instant> floor, LatestStreams latest) {
        this.id = initial.id();
        this.latest = latest;
        this.state.set(initial);
        this.ownSince.set(observedAt);
        this.stateSinceExact = sinceExact;
        this.floor = floor;
        this.stateSince = floor == null ? Bindings.createObjectBinding(this::stateSince, ownSince, atFloor)
                : Bindings.createObjectBinding(this::stateSince, ownSince, atFloor, floor);
    }

    public IndexerId id() {
        return id;
    }

    /** The account and function names as cell values, made once: sorting by them asks for them at every comparison. */
    private ReadOnlyStringProperty account;
    private ReadOnlyStringProperty function;

    public ReadOnlyStringProperty accountProperty() {
        if (account == null) {
            account = new javafx.beans.property.ReadOnlyStringWrapper(this, "account", id.accountId()).getReadOnlyProperty();
        }
        return account;
    }

    public ReadOnlyStringProperty functionProperty() {
        if (function == null) {
            function = new javafx.beans.property.ReadOnlyStringWrapper(this, "function", id.functionName()).getReadOnlyProperty();
        }
        return function;
    }

    public IndexerState state() {
        return state.get();
    }

    public ReadOnlyObjectProperty<IndexerState> stateProperty() {
        return state;
    }

    public ObservableValue<Instant> stateSinceProperty() {
        return stateSince;
    }

    public Instant stateSince() {
        return atFloor.get() ? floor.getValue() : ownSince.get();
    }

    /** Whether the row's state is known only to have begun at least at the fleet's shared moment (which may move). */
    boolean atFloor() {
        return atFloor.get();
    }

    /** The current lifecycle began at an unknown moment, no later than the fleet's shared floor (wherever that moves). */
    void toFloor() {
        if (floor == null) {
            throw new IllegalStateException("no floor for " + id);
        }
        stateSinceExact = false;
        atFloor.set(true);
    }

    /** False while the state is the one found at connect (it began earlier, unknown when). */
    public boolean stateSinceExact() {
        return stateSinceExact;
    }

    public StringProperty commandNoteProperty() {
        return commandNote;
    }

    /** The most urgent reason the row needs an operator, null when it needs none; the fleet's default order. */
    public ReadOnlyObjectProperty<AttentionKind> attentionProperty() {
        return attention;
    }

    public AttentionKind attention() {
        return attention.get();
    }

    boolean setAttention(AttentionKind kind) {
        if (attention.get() == kind) {
            return false;
        }
        attention.set(kind);
        return true;
    }

    /** Bumped (at most once per pulse) whenever anything in the row changed. */
    public ReadOnlyIntegerProperty revisionProperty() {
        return revision;
    }

    /** Block-stream health; UNKNOWN when the block streamer is not configured or has no stream for this indexer. */
    public StreamHealth streamHealth() {
        return stream == null ? StreamHealth.UNKNOWN : stream.health();
    }

    /** health.updated_at_timestamp_secs of the stream; 0 when unknown or missing. */
    public long streamUpdatedAtSecs() {
        StreamStatus s = stream();
        return s == null ? 0 : s.updatedAtSecs();
    }

    public StreamStatus stream() {
        if (stream == null || latest == null) {
            return stream;
        }
        StreamStatus now = latest.get(id);
        return now != null && HealthListing.sameStream(now, stream) ? now : stream;
    }

    public ExecutorHealth executorHealth() {
        return executor == null ? ExecutorHealth.UNKNOWN : executor.health();
    }

    public ExecutorStatus executor() {
        return executor;
    }

    public Long lastPublishedBlock() {
        return lastPublishedBlock;
    }

    public Instant lastBlockChangedAt() {
        return lastBlockChangedAt;
    }

    public Long queueDepth() {
        return queueDepth;
    }

    /** Why progress values are unreadable, or null. */
    public String progressProblem() {
        return progressProblem;
    }

    public IndexerObservation observation() {
        return new IndexerObservation(state(), stateSince(), streamHealth(), streamUpdatedAtSecs(), streamHealthSince,
                executorHealth(), executorHealthSince, lastPublishedBlock, lastBlockChangedAt, stateSinceExact);
    }

    /** The current lifecycle is known to have begun at {@code since} (a history store saw the transition). */
    void knownSince(Instant since) {
        stateSinceExact = true;
        ownSince.set(since);
        atFloor.set(false);
    }

    /** The current lifecycle began at an unknown moment, but no later than {@code since}. */
    void atLeastSince(Instant since) {
        stateSinceExact = false;
        ownSince.set(since);
        atFloor.set(false);
    }

    /** Applies a newly observed state; returns true when it differs from the shown one. */
    boolean update(IndexerState next, Instant observedAt) {
        IndexerState prev = state.get();
        if (prev.equals(next)) {
            return false;
        }
        if (prev.lifecycle() != next.lifecycle()) {
            stateSinceExact = true;
            ownSince.set(observedAt);
            atFloor.set(false);
        }
        state.set(next);
        return true;
    }

    /** What a stream listing changed in a row. */
    enum StreamChange {
        NONE,
        /**
         * Only health.updated_at moved, as it does on every health check upstream: nothing the rules
         * read differently now (staleness is re-checked when the age passes its limit, from the row's
         * current value) and the stream cell re-reads it on its clock tick. Not a row change: at
         * 10,000 streams it made every row "changed" on every poll.
         */
        UPDATED_AT,
        CHANGED
    }

    StreamChange updateStream(StreamStatus next, Instant observedAt) {
        if (Objects.equals(stream, next)) {
            return StreamChange.NONE;
        }
        boolean timeOnly = stream != null && next != null && stream.health() == next.health()
                && stream.version() == next.version() && Objects.equals(stream.streamId(), next.streamId());
        StreamHealth before = streamHealth();
        stream = next;
        if (streamHealth() != before || streamHealthSince == null) {
            streamHealthSince = next == null ? null : observedAt;
        }
        return timeOnly ? StreamChange.UPDATED_AT : StreamChange.CHANGED;
    }

    boolean updateExecutor(ExecutorStatus next, Instant observedAt) {
        if (Objects.equals(executor, next)) {
            return false;
        }
        ExecutorHealth before = executorHealth();
        executor = next;
        if (executorHealth() != before || executorHealthSince == null) {
            executorHealthSince = next == null ? null : observedAt;
        }
        return true;
    }

    /** Returns the blocks published since the last reading (0 when unknown or not moved forward), or -1 when unchanged. */
    long updateProgress(Progress p, Instant observedAt) {
        Long block = p == null ? null : p.lastPublishedBlock();
        Long depth = p == null ? null : p.queueDepth();
        String problem = p == null ? null : p.problem();
        if (Objects.equals(block, lastPublishedBlock) && Objects.equals(depth, queueDepth) && Objects.equals(problem, progressProblem)) {
            return -1;
        }
        long delta = 0;
        if (!Objects.equals(block, lastPublishedBlock)) {
            if (block != null && lastPublishedBlock != null && block > lastPublishedBlock) {
                delta = block - lastPublishedBlock;
            }
            // Only a change between two readings is movement: the first reading (at connect, or
            // after the key reappeared) says nothing about when the block was published.
            if (lastPublishedBlock != null && block != null) {
                lastBlockChangedAt = observedAt;
            }
        }
        lastPublishedBlock = block;
        queueDepth = depth;
        progressProblem = problem;
        return delta;
    }

    void bumpRevision() {
        revision.set(revision.get() + 1);
    }
}
