package dev.watchkeeper.app.ui;

import javafx.application.Platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action on the FX thread at a fixed rate, from a timer thread. Not a {@code Timeline}: a
 * running animation keeps JavaFX pulsing 60 times a second (each pulse walks the scene for CSS and
 * layout) however rarely its key frames fall, so a console ticking its clock with one was never idle.
 */
public final class FxTicker implements AutoCloseable {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wk-fx-ticker");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> future;

    private FxTicker(Duration period, Runnable action) {
        long ms = Math.max(1, period.toMillis());
        future = TIMER.scheduleAtFixedRate(() -> Platform.runLater(action), ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Starts ticking: the first tick comes after one period. */
    public static FxTicker every(Duration period, Runnable action) {
        return new FxTicker(period, action);
    }

    /** Stops ticking; a tick already handed to the FX thread may still run. */
    @Override
    public void close() {
        future.cancel(false);
    }
}
