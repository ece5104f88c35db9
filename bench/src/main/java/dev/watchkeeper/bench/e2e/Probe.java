package dev.watchkeeper.bench.e2e;

import dev.watchkeeper.app.fleet.IndexerRow;
import dev.watchkeeper.bench.Fleets;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import javafx.animation.AnimationTimer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableView;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Watches one console from inside its FX thread, the way a user's eye would:
 * <ul>
 *   <li>model: a row listener sees a changed state; its write time is encoded in its registry version
 *       (block_stream_synced_at, {@link dev.watchkeeper.bench.Fleets#writtenNanos});</li>
 *   <li>screen: a change the model applied is followed to where its row lands. After each pulse's
 *       layout the visible lifecycle cells are read: the change is on screen once a visible cell shows
 *       the row at that write time or later, or once the row, visible in the pulse before, has left
 *       the visible rows (a sorted table moves a changed row; leaving is what the eye sees). A change
 *       whose row is neither visible before nor after is not on screen and gives no sample;</li>
 *   <li>pulse: pre-layout to post-layout time of the scene (CSS + layout; the FX thread's share of a frame);</li>
 *   <li>frames: intervals between AnimationTimer calls (one per pulse); a gap of k periods drops k-1 frames;
 *       with what the FX thread and the renderer did in each ({@link FrameGaps}).</li>
 * </ul>
 * Everything here runs on the FX thread only.
 */
final class Probe {

    final Samples model = new Samples();
    final Samples screen = new Samples();
    final Samples pulse = new Samples();
    final Samples frames = new Samples();
    final FrameGaps gaps = new FrameGaps(FRAME_NANOS);
    static final long FRAME_NANOS = 16_666_667;

    private final Scene scene;
    private final long origin;
    /** Changes the model applied and the screen has not shown yet: id to the earliest such write time. */
    private final Map<IndexerId, Long> pending = new HashMap<>();
    /** Rows on screen after the last layout, with the write time their cell shows. */
    private Map<IndexerId, Long> visible = new HashMap<>();
    private Map<IndexerId, Long> visibleBefore = new HashMap<>();
    private final AnimationTimer timer;
    private boolean recording;
    private long recordFrom;
    private long preLayout;
    private long lastFrame;
    private long[] lastFx = new long[2];
    private long lastRender;
    /** Read on the FX thread: /proc/thread-self is the reading thread. */
    private static final ThreadSched FX_SCHED = ThreadSched.current();
    private ThreadSched renderer;
    private boolean rendererSought;
    private int expectRows = -1;
    private CountDownLatch loaded;
    private long loadedAt;
    private long[] loadSched = new long[2];
    private TableView<?> table;

    Probe(Console console, long origin) {
        this.origin = origin;
        this.scene = console.stage.getScene();
        console.fleet().addRowListener(this::rowChanged);
        scene.addPreLayoutPulseListener(() -> preLayout = System.nanoTime());
        scene.addPostLayoutPulseListener(this::postLayout);
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long[] fx = FX_SCHED.read();
                if (!rendererSought) {
                    // looked for once: the renderer thread exists by the first frame (and off Linux there is none to find)
                    renderer = ThreadSched.named("QuantumRendere");
                    rendererSought = true;
                }
                long render = renderer == null ? 0 : renderer.read()[0];
                if (recording && lastFrame != 0) {
                    frames.add(now - lastFrame);
                    gaps.add(now, now - lastFrame, fx[0] - lastFx[0], fx[1] - lastFx[1], render - lastRender);
                }
                lastFrame = now;
                lastFx = fx;
                lastRender = render;
            }
        };
        timer.start();
    }

    /**
     * Counts down once a pulse has laid out a table holding {@code rows} rows with visible cells;
     * {@code fxSchedAtOpen} is {@link #fxSched()} as the console began to be built.
     */
    void expectLoad(int rows, CountDownLatch latch, long[] fxSchedAtOpen) {
        expectRows = rows;
        loaded = latch;
        loadSched = fxSchedAtOpen;
    }

    long loadedAt() {
        return loadedAt;
    }

    /** The FX thread's {on a core, waiting for a core} in nanoseconds; on the FX thread. */
    static long[] fxSched() {
        return FX_SCHED.read();
    }

    /** The FX thread's {on a core, waiting for a core} from the console's opening to its load on screen, in nanoseconds. */
    long[] loadSched() {
        return loadSched;
    }

    void record(boolean on) {
        recording = on;
        if (on) {
            recordFrom = System.nanoTime();
            lastFrame = 0;
            pending.clear();
        }
    }

    void stop() {
        timer.stop();
        recording = false;
    }

    long rowChanges;

    private void rowChanged(IndexerRow row) {
        rowChanges++;
        Long version = row.state().blockStreamSyncedAt();
        if (recording && version != null) {
            long written = Fleets.writtenNanos(version, origin);
            if (written > recordFrom) {
                model.add(System.nanoTime() - written);
                // the earliest unshown change: a change superseded before the screen showed it waited longest
                pending.putIfAbsent(row.id(), written);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void postLayout() {
        long now = System.nanoTime();
        if (recording) {
            pulse.add(now - preLayout);
        }
        if (table == null) {
            table = (TableView<?>) scene.getRoot().lookup("#fleetTable");
        }
        Map<IndexerId, Long> swap = visibleBefore;
        visibleBefore = visible;
        visible = swap;
        visible.clear();
        // only the table's subtree: a whole-scene lookup every pulse is the probe's own FX-thread cost
        for (Node n : table.lookupAll(".wk-lifecycle-cell")) {
            TableCell<IndexerRow, IndexerState> cell = (TableCell<IndexerRow, IndexerState>) n;
            IndexerState s = cell.getItem();
            // cells the table keeps for reuse are hidden, not on screen
            if (s == null || s.blockStreamSyncedAt() == null || cell.isEmpty() || cell.getTableRow() == null
                    || !cell.getTableRow().isVisible()) {
                continue;
            }
            visible.put(s.id(), Fleets.writtenNanos(s.blockStreamSyncedAt(), origin));
        }
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
            var change = it.next();
            Long shownAt = visible.get(change.getKey());
            if (shownAt != null && shownAt < change.getValue()) {
                continue; // on screen, still showing an older state
            }
            if (recording && (shownAt != null || visibleBefore.containsKey(change.getKey()))) {
                screen.add(now - change.getValue());
            }
            it.remove();
        }
        if (loaded != null && !visible.isEmpty()) {
            if (table.getItems().size() == expectRows) {
                loadedAt = now;
                long[] end = FX_SCHED.read();
                loadSched = new long[]{end[0] - loadSched[0], end[1] - loadSched[1]};
                loaded.countDown();
                loaded = null;
            }
        }
    }
}
