package dev.watchkeeper.app.history;

import dev.watchkeeper.app.fleet.FleetViewModel;
import dev.watchkeeper.history.HistoryEvent.EpochChange;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.StateBatch;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.util.Duration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where the console stands in time (FX thread): live, or at a moment of the history store. At a
 * moment, a {@link HistorySource} reads the fleet then and the frames it produces feed this model's
 * own fleet view model, clock and epochs, exactly as live data feeds the session's: the rewound
 * views are the ordinary views over these. Playback moves the moment forward at 1x, 10x or 60x.
 */
public final class RewindModel implements AutoCloseable {

    /** How often playback moves the moment on. */
    static final Duration PLAY_STEP = Duration.millis(250);
    /** How long a changed row stays marked during playback. */
    static final java.time.Duration MARK_FOR = java.time.Duration.ofMillis(1500);

    private final HistorySource source;
    private final FleetViewModel fleet = new FleetViewModel();
    private final ReadOnlyObjectWrapper<Instant> target = new ReadOnlyObjectWrapper<>(this, "target");
    private final ObjectProperty<Instant> shownAt = new SimpleObjectProperty<>(this, "shownAt");
    private final ReadOnlyObjectWrapper<HistoryFrame> frame = new ReadOnlyObjectWrapper<>(this, "frame");
    private final ReadOnlyObjectWrapper<HistorySource.Span> span = new ReadOnlyObjectWrapper<>(this, "span", new HistorySource.Span(null, null));
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyIntegerWrapper speed = new ReadOnlyIntegerWrapper(this, "speed");
    private final ObservableList<EpochChange> epochs = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<dev.watchkeeper.model.epoch.EpochWindow> epochWindow = new ReadOnlyObjectWrapper<>(this, "epochWindow");
    private final ObservableSet<IndexerId> marked = FXCollections.observableSet();
    private final List<Runnable> frameListeners = new ArrayList<>();
    private final Timeline player = new Timeline(new KeyFrame(PLAY_STEP, e -> step()));
    private final Timeline spanPoll = new Timeline(new KeyFrame(Duration.seconds(2), e -> refreshSpan()));
    private final BooleanBinding rewound = Bindings.isNotNull(target);
    private boolean jumped = true;
    /** The number of the frame the fleet shows (0: none yet). */
    private long appliedFrame;
    /** Wall-clock time each marked row stops being marked. */
    private final java.util.Map<IndexerId, Long> markedUntil = new java.util.HashMap<>();

    public RewindModel(Supplier<HistoryStore> store) {
        this.source = new HistorySource(store, this::show, message -> error.set(message));
        player.setCycleCount(Timeline.INDEFINITE);
        spanPoll.setCycleCount(Timeline.INDEFINITE);
        spanPoll.play();
        refreshSpan();
    }

    /** The source the model reads through (what-changed lists and detail histories share its thread). */
    public HistorySource source() {
        return source;
    }

    /** The moment asked for; null while live. */
    public ReadOnlyObjectProperty<Instant> targetProperty() {
        return target.getReadOnlyProperty();
    }

    public boolean isRewound() {
        return rewound.get();
    }

    public BooleanBinding rewoundProperty() {
        return rewound;
    }

    /** The moment the rewound views show (the last frame's), ticking as playback moves: their "now". */
    public ObjectProperty<Instant> shownAtProperty() {
        return shownAt;
    }

    public ReadOnlyObjectProperty<HistoryFrame> frameProperty() {
        return frame.getReadOnlyProperty();
    }

    /** The span the store covers, refreshed every 2 s. */
    public ReadOnlyObjectProperty<HistorySource.Span> spanProperty() {
        return span.getReadOnlyProperty();
    }

    /** The last read failure, null after a good read. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** 0 when paused, else 1, 10 or 60 (times real time). */
    public ReadOnlyIntegerProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    /** The fleet as it was at the moment shown. */
    public FleetViewModel fleet() {
        return fleet;
    }

    /** The newest epochs' status at the moment shown, newest first. */
    public ObservableList<EpochChange> epochs() {
        return epochs;
    }

    /** The epochs at the moment shown with their project updates; null when the store kept only counts. */
    public ReadOnlyObjectProperty<dev.watchkeeper.model.epoch.EpochWindow> epochWindowProperty() {
        return epochWindow.getReadOnlyProperty();
    }

    /** Indexers that changed in the last playback steps (the table marks their rows). */
    public ObservableSet<IndexerId> marked() {
        return marked;
    }

    /** Runs after each frame was applied. */
    public void addFrameListener(Runnable r) {
        frameListeners.add(r);
    }

    /** Shows the fleet as it was at {@code t} (playback, if on, goes on from there). */
    public void rewindTo(Instant t) {
        jumped = true;
        target.set(t);
        source.request(t, true);
    }

    /** Back to the live fleet: playback stops, the rewound views are left as they are until the next rewind. */
    public void live() {
        pause();
        target.set(null);
        marked.clear();
        markedUntil.clear();
        source.reset();
    }

    /** Plays forward from the moment shown at {@code factor} times real time (1, 10 or 60). */
    public void play(int factor) {
        if (target.get() == null) {
            return;
        }
        speed.set(factor);
        player.playFromStart();
    }

    public void pause() {
        player.stop();
        speed.set(0);
    }

    private void step() {
        Instant t = target.get();
        if (t == null) {
            pause();
            return;
        }
        Instant next = t.plusMillis((long) (PLAY_STEP.toMillis() * speed.get()));
        Instant end = span.get().end();
        if (end != null && !next.isBefore(end)) {
            next = end;
            pause();
        }
        target.set(next);
        source.request(next, false);
    }

    private void show(HistoryFrame f) {
        if (target.get() == null) {
            return; // back to live meanwhile
        }
        error.set(null);
        // the frame before it was applied here: only the indexers that differ need their rows updated
        boolean incremental = f.delta() != null && f.delta().base() == appliedFrame;
        // a jump starts the ages afresh, so "in state" reads "at least" instead of counting from the jump
        fleet.applyFrame(incremental ? f.delta().batches() : f.batches(), f.lifecycleSince(), jumped ? f.at() : null, f.knownFrom(),
                incremental ? f.delta().sinceChanged() : null);
        appliedFrame = f.seq();
        shownAt.set(f.at());
        if (f.historyStart() != null || f.lastRecorded() != null) {
            span.set(new HistorySource.Span(f.historyStart(), f.lastRecorded()));
        }
        epochs.setAll(f.epochs());
        if (epochWindow.get() != f.epochWindow()) {
            // the reader hands the same instance while the epochs stay the same: the timeline rebuilds only for new ones
            epochWindow.set(f.epochWindow());
        }
        long wall = System.currentTimeMillis();
        if (!jumped) {
            f.changed().forEach(id -> markedUntil.put(id, wall + MARK_FOR.toMillis()));
            marked.addAll(f.changed());
        }
        markedUntil.values().removeIf(until -> until < wall);
        marked.retainAll(markedUntil.keySet());
        jumped = false;
        frame.set(f);
        frameListeners.forEach(Runnable::run);
    }

    private void refreshSpan() {
        source.span(s -> {
            if (s.start() != null || s.end() != null) {
                span.set(s);
            }
        });
    }

    @Override
    public void close() {
        player.stop();
        spanPoll.stop();
        source.close();
    }
}
