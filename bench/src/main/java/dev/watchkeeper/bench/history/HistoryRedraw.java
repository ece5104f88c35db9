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

    /** Wall times of the steps forward and back, and the fleet size the table showed. */
    record Result(Samples forward, Samples backward, int rows) {
    }

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

    /** Wall nanoseconds from asking for {@code t} to the laid-out pulse showing it. */
    private long step(Instant t) throws Exception {
        CompletableFuture<Void> d = new CompletableFuture<>();
        long t0 = System.nanoTime();
        Platform.runLater(() -> {
            frameApplied = false;
            drawn = d;
            model.rewindTo(t);
        });
        d.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return System.nanoTime() - t0;
    }

    /** One-minute steps from {@code fromMs}: {@code steps} forward, then as many back. */
    static Result measure(HistoryStore store, long fromMs, int steps) throws Exception {
        HistoryRedraw r = new HistoryRedraw(store);
        try {
            long at = fromMs;
            // warm-up, not measured: the first steps of a session compile the FX and table code
            for (int i = 0; i < WARM_UP_STEPS; i++) {
                r.step(Instant.ofEpochMilli(at + (i % 2) * 60_000L));
            }
            r.step(Instant.ofEpochMilli(at));
            Samples forward = new Samples();
            Samples backward = new Samples();
            for (int i = 0; i < steps; i++) {
                at += 60_000;
                forward.add(r.step(Instant.ofEpochMilli(at)));
            }
            for (int i = 0; i < steps; i++) {
                at -= 60_000;
                backward.add(r.step(Instant.ofEpochMilli(at)));
            }
            int rows = Fx.call(() -> r.model.fleet().allRows().size(), STEP_TIMEOUT);
            return new Result(forward, backward, rows);
        } finally {
            Fx.call(() -> {
                r.stage.close();
                r.model.close();
                return null;
            }, STEP_TIMEOUT);
        }
    }
}
