package dev.watchkeeper.app.epochs;

import dev.watchkeeper.app.ui.BackgroundTask;
import dev.watchkeeper.app.ui.TaskExecutor;

import dev.watchkeeper.model.epoch.EpochIndex;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.ProjectLane;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The epoch timeline's state on the FX thread. {@link #update(EpochWindow)} takes each window as
 * it arrives; flattening it into lanes (hundreds of thousands of updates) runs on a background
 * thread and only the newest result is published, so bursts never queue up stale work.
 */
public final class EpochTimelineViewModel {

    private final TaskExecutor tasks;
    private final AtomicLong generation = new AtomicLong();
    private final ReadOnlyObjectWrapper<EpochWindow> window = new ReadOnlyObjectWrapper<>(this, "window");
    private final ReadOnlyObjectWrapper<EpochIndex> index = new ReadOnlyObjectWrapper<>(this, "index", EpochIndex.EMPTY);
    private final ReadOnlyObjectWrapper<List<ProjectLane>> visibleLanes = new ReadOnlyObjectWrapper<>(this, "visibleLanes", List.of());
    private final ReadOnlyLongWrapper lastBuildMillis = new ReadOnlyLongWrapper(this, "lastBuildMillis");
    /** The newest epochs handed over first ({@link #first}), and how many older ones were to come. */
    private EpochWindow firstLook;
    private int firstLookOlder;
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final BooleanProperty failedOnly = new SimpleBooleanProperty(this, "failedOnly");
    private final BooleanProperty needed = new SimpleBooleanProperty(this, "needed", true);
    /** The window the newest build was started for. */
    private EpochWindow builtFrom;

    /** Builds indexes with {@code tasks} ({@link TaskExecutor#synchronous()} in tests). */
    public EpochTimelineViewModel(TaskExecutor tasks) {
        this.tasks = tasks;
        needed.addListener((o, was, is) -> {
            if (is && window.get() != builtFrom) {
                build(window.get());
            }
        });
        filterText.addListener(o -> refilter());
        failedOnly.addListener(o -> refilter());
    }

    public EpochTimelineViewModel() {
        this(TaskExecutor.fx());
    }

    /** What one build produced, and how long it took. */
    private record Built(EpochIndex index, long millis) {
    }

    /**
     * Whether anything shows the index now (the Epochs tab, a detail tab's lanes). While nothing
     * does, windows are kept but not flattened: a build reads every update of the window (hundreds
     * of thousands) and a busy pooler changes the window every second, work that competed with the
     * fleet table for the same two cores. When it is needed again the newest window is built.
     */
    public BooleanProperty neededProperty() {
        return needed;
    }

    /**
     * The newest epochs of a window the reader is still reading, {@code older} more to come with the
     * whole window ({@link #update}): shown meanwhile, so the timeline is drawn before the whole
     * window is read. Call on the FX thread.
     */
    public void first(EpochWindow newest, int older) {
        firstLook = newest;
        firstLookOlder = older;
        update(newest);
    }

    /**
     * How many older epochs were still to come when {@code drawn} was shown: more than 0 only for the
     * newest epochs handed over first (what the lanes show stays marked until the whole window's
     * index replaces it).
     */
    public int olderToCome(EpochWindow drawn) {
        return drawn != null && drawn == firstLook ? firstLookOlder : 0;
    }

    /** A new window from the epoch reader. Call on the FX thread. */
    public void update(EpochWindow next) {
        window.set(next);
        if (needed.get()) {
            build(next);
        }
    }

    private void build(EpochWindow next) {
        builtFrom = next;
        long gen = generation.incrementAndGet();
        BackgroundTask.wrap("epoch-index", () -> {
            if (generation.get() != gen) {
                return null; // a newer window came in meanwhile: build that one instead
            }
            long t0 = System.nanoTime();
            EpochIndex built = EpochIndex.build(next);
            return new Built(built, (System.nanoTime() - t0) / 1_000_000);
        }).onSuccess(b -> {
            if (b != null && generation.get() == gen) {
                lastBuildMillis.set(b.millis());
                index.set(b.index());
                refilter();
            }
        }).executeWith(tasks);
    }

    private void refilter() {
        EpochIndex idx = index.get();
        String text = filterText.get() == null ? "" : filterText.get().trim().toLowerCase(Locale.ROOT);
        boolean failed = failedOnly.get();
        if (text.isEmpty() && !failed) {
            visibleLanes.set(idx.lanes());
            return;
        }
        List<ProjectLane> out = new ArrayList<>();
        for (ProjectLane lane : idx.lanes()) {
            if (failed && !lane.anyFailed()) {
                continue;
            }
            if (!text.isEmpty() && !lane.projectId().toLowerCase(Locale.ROOT).contains(text)) {
                continue;
            }
            out.add(lane);
        }
        visibleLanes.set(List.copyOf(out));
    }

    public ReadOnlyObjectProperty<EpochWindow> windowProperty() {
        return window.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<EpochIndex> indexProperty() {
        return index.getReadOnlyProperty();
    }

    public EpochIndex index() {
        return index.get();
    }

    /** Lanes passing the project-text and failed-only filters, sorted by project ID. */
    public ReadOnlyObjectProperty<List<ProjectLane>> visibleLanesProperty() {
        return visibleLanes.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty lastBuildMillisProperty() {
        return lastBuildMillis.getReadOnlyProperty();
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public BooleanProperty failedOnlyProperty() {
        return failedOnly;
    }
}
