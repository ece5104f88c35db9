package dev.watchkeeper.bench.history;

import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.app.fleet.FleetView;
import dev.watchkeeper.app.fleet.SavedFilters;
import dev.watchkeeper.app.history.RewindModel;
import dev.watchkeeper.bench.Fx;
import dev.watchkeeper.bench.e2e.Samples;
import dev.watchkeeper.history.HistoryStore;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;

/**
 * A scrub step as the operator sees it: from the moment the time bar asks for a moment
 * ({@link RewindModel#rewindTo}, what dragging the slider does) until the pulse that has laid out
 * the console's own fleet table with that moment's fleet. The store read, the "in state" look-back,
 * the hand-off to the FX thread, the view model's update and the table's layout are all inside.
 */
final class HistoryRedraw {

    static final int WARM_UP_STEPS = 20;
    static final int WIDTH = 1400;
    static final int HEIGHT = 900;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Wall times of the steps forward and back, the CPU time the history reader and the FX thread
     * spent in them (what the steps cost without the wait for a core), the collector's collections
     * and milliseconds during each way, and the fleet size the table showed.
     */
    record Result(Samples forward, Samples backward, Samples forwardCpu, Samples backwardCpu, long[] gcForward, long[] gcBackward, int rows) {
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private long fxThread = -1;
    private long readerThread = -1;

    private final RewindModel model;
    private final Stage stage;
    private volatile CompletableFuture<Void> drawn;
    /** FX thread only: a frame was applied since the step was asked for. */
    private boolean frameApplied;

    private HistoryRedraw(HistoryStore store) throws Exception {
        startFx();
        model = Fx.call(() -> new RewindModel(() -> store), STEP_TIMEOUT);
        stage = Fx.call(() -> {
            // the console's theme, as the app sets it: without it the stylesheet's looked-up colours fail on every pulse
            javafx.application.Application.setUserAgentStylesheet(new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
            FleetView view = new FleetView(model.fleet(), model.shownAtProperty(),
                    new SavedFilters(Preferences.userRoot().node("watchkeeper-history-bench")), (title, question) -> java.util.Optional.empty());
            Scene scene = new Scene(view, WIDTH, HEIGHT);
            scene.getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("watchkeeper.css")).toExternalForm());
            scene.addPostLayoutPulseListener(() -> {
                CompletableFuture<Void> d = drawn;
                if (frameApplied && d != null) {
                    frameApplied = false;
                    d.complete(null);
                }
            });
            model.addFrameListener(() -> {
                frameApplied = true;
                Platform.requestNextPulse();
            });
            Stage s = new Stage();
            s.setScene(scene);
            s.show();
            return s;
        }, STEP_TIMEOUT);
    }

    private static void startFx() throws InterruptedException {
        CountDownLatch up = new CountDownLatch(1);
        try {
            Platform.startup(up::countDown);
        } catch (IllegalStateException alreadyRunning) {
            up.countDown();
        }
        Platform.setImplicitExit(false);
        up.await();
    }

    /** CPU nanoseconds the FX thread and the history reader have used so far. */
    private long cpu() {
        if (readerThread < 0) {
            readerThread = Thread.getAllStackTraces().keySet().stream().filter(th -> th.getName().equals("watchkeeper-history-reader"))
                    .mapToLong(Thread::threadId).findFirst().orElse(-1);
        }
        return Math.max(0, THREADS.getThreadCpuTime(fxThread)) + (readerThread < 0 ? 0 : Math.max(0, THREADS.getThreadCpuTime(readerThread)));
    }

    /** Wall nanoseconds from asking for {@code t} to the laid-out pulse showing it; {@code cpu} (if not null) gets the CPU time. */
    private long step(Instant t, Samples cpu) throws Exception {
        CompletableFuture<Void> d = new CompletableFuture<>();
        long c0 = cpu == null ? 0 : cpu();
        long t0 = System.nanoTime();
        Platform.runLater(() -> {
            frameApplied = false;
            drawn = d;
            model.rewindTo(t);
        });
        d.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long wall = System.nanoTime() - t0;
        if (cpu != null) {
            cpu.add(cpu() - c0);
        }
        return wall;
    }

    /** One-minute steps from {@code fromMs}: {@code steps} forward, then as many back. */
    static Result measure(HistoryStore store, long fromMs, int steps) throws Exception {
        HistoryRedraw r = new HistoryRedraw(store);
        r.fxThread = Fx.call(() -> Thread.currentThread().threadId(), STEP_TIMEOUT);
        try {
            long at = fromMs;
            // warm-up, not measured: the first steps of a session compile the FX and table code
            for (int i = 0; i < WARM_UP_STEPS; i++) {
                r.step(Instant.ofEpochMilli(at + (i % 2) * 60_000L), null);
            }
            r.step(Instant.ofEpochMilli(at), null);
            Samples forward = new Samples();
            Samples backward = new Samples();
            Samples forwardCpu = new Samples();
            Samples backwardCpu = new Samples();
            long[] gc0 = HistoryBench.gc();
            for (int i = 0; i < steps; i++) {
                at += 60_000;
                forward.add(r.step(Instant.ofEpochMilli(at), forwardCpu));
            }
            long[] gc1 = HistoryBench.gc();
            for (int i = 0; i < steps; i++) {
                at -= 60_000;
                backward.add(r.step(Instant.ofEpochMilli(at), backwardCpu));
            }
            long[] gc2 = HistoryBench.gc();
            int rows = Fx.call(() -> r.model.fleet().allRows().size(), STEP_TIMEOUT);
            return new Result(forward, backward, forwardCpu, backwardCpu, new long[]{gc1[0] - gc0[0], gc1[1] - gc0[1]},
                    new long[]{gc2[0] - gc1[0], gc2[1] - gc1[1]}, rows);
        } finally {
            Fx.call(() -> {
                r.stage.close();
                r.model.close();
                return null;
            }, STEP_TIMEOUT);
        }
    }
}
