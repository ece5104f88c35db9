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
 *   <li>screen: after each pulse's layout, the visible lifecycle cells are read; a cell whose item
 *       carries a newer write time than before shows a change, with that latency;</li>
 *   <li>pulse: pre-layout to post-layout time of the scene (CSS + layout; the FX thread's share of a frame);</li>
 *   <li>frames: intervals between AnimationTimer calls (one per pulse); a gap of k periods drops k-1 frames.</li>
 * </ul>
 * Everything here runs on the FX thread only.
 */
final class Probe {

    final Samples model = new Samples();
    final Samples screen = new Samples();
    final Samples pulse = new Samples();
    final Samples frames = new Samples();

    private final Scene scene;
    private final long origin;
    private final Map<IndexerId, Long> shown = new HashMap<>();
    private final AnimationTimer timer;
    private boolean recording;
    private long recordFrom;
    private long preLayout;
    private long lastFrame;
    private int expectRows = -1;
    private CountDownLatch loaded;
    private long loadedAt;
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
                if (recording && lastFrame != 0) {
                    frames.add(now - lastFrame);
                }
                lastFrame = now;
            }
        };
        timer.start();
    }

    /** Counts down once a pulse has laid out a table holding {@code rows} rows with visible cells. */
    void expectLoad(int rows, CountDownLatch latch) {
        expectRows = rows;
        loaded = latch;
    }

    long loadedAt() {
        return loadedAt;
    }

    void record(boolean on) {
        recording = on;
        if (on) {
            recordFrom = System.nanoTime();
            lastFrame = 0;
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
        int visible = 0;
        // only the table's subtree: a whole-scene lookup every pulse is the probe's own FX-thread cost
        for (Node n : table.lookupAll(".wk-lifecycle-cell")) {
            IndexerState s = ((TableCell<IndexerRow, IndexerState>) n).getItem();
            if (s == null || s.blockStreamSyncedAt() == null) {
                continue;
            }
            visible++;
            long written = Fleets.writtenNanos(s.blockStreamSyncedAt(), origin);
            Long before = shown.put(s.id(), written);
            if (recording && before != null && written != before && written > recordFrom) {
                screen.add(now - written);
            }
        }
        if (loaded != null && visible > 0) {
            if (table.getItems().size() == expectRows) {
                loadedAt = now;
                loaded.countDown();
                loaded = null;
            }
        }
    }
}
