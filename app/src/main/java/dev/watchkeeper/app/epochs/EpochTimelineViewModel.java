package dev.watchkeeper.app.epochs;

import dev.watchkeeper.model.epoch.EpochIndex;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.model.epoch.ProjectLane;
import javafx.application.Platform;
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
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The epoch timeline's state on the FX thread. {@link #update(EpochWindow)} takes each window as
 * it arrives; flattening it into lanes (hundreds of thousands of updates) runs on a background
 * thread and only the newest result is published, so bursts never queue up stale work.
 */
public final class EpochTimelineViewModel {

    private final Executor background;
    private final Executor fx;
    private final AtomicLong generation = new AtomicLong();
    private final ReadOnlyObjectWrapper<EpochWindow> window = new ReadOnlyObjectWrapper<>(this, "window");
    private final ReadOnlyObjectWrapper<EpochIndex> index = new ReadOnlyObjectWrapper<>(this, "index", EpochIndex.EMPTY);
    private final ReadOnlyObjectWrapper<List<ProjectLane>> visibleLanes = new ReadOnlyObjectWrapper<>(this, "visibleLanes", List.of());
    private final ReadOnlyLongWrapper lastBuildMillis = new ReadOnlyLongWrapper(this, "lastBuildMillis");
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final BooleanProperty failedOnly = new SimpleBooleanProperty(this, "failedOnly");

    /** Builds on {@code background}, publishes on {@code fx} (tests may pass direct executors). */
    public EpochTimelineViewModel(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
        filterText.addListener(o -> refilter());
        failedOnly.addListener(o -> refilter());
    }

    public EpochTimelineViewModel() {
        this(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "epoch-index");
            t.setDaemon(true);
            return t;
        }), Platform::runLater);
    }

    /** A new window from the epoch reader. Call on the FX thread. */
    public void update(EpochWindow next) {
        window.set(next);
        long gen = generation.incrementAndGet();
        background.execute(() -> {
            if (generation.get() != gen) {
                return;
            }
            long t0 = System.nanoTime();
            EpochIndex built = EpochIndex.build(next);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            fx.execute(() -> {
                if (generation.get() == gen) {
                    lastBuildMillis.set(ms);
                    index.set(built);
                    refilter();
                }
            });
        });
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
