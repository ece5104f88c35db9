package dev.watchkeeper.app.ui;

import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Runs an action on the FX thread at most once per interval however often it is requested: the
 * first request runs at once, requests inside the interval are folded into one run at its end.
 * For whole-fleet summaries (counts, the attention ranking) that would otherwise be recomputed
 * over every row on every pulse that brings a change.
 */
public final class FxThrottle {

    private final long intervalNanos;
    private final Runnable action;
    private final PauseTransition pending = new PauseTransition();
    private long lastRun;
    private boolean scheduled;

    public FxThrottle(java.time.Duration interval, Runnable action) {
        this.intervalNanos = interval.toNanos();
        this.action = action;
        lastRun = System.nanoTime() - intervalNanos; // the first request runs at once
        pending.setOnFinished(e -> {
            scheduled = false;
            run();
        });
    }

    /** Call on the FX thread. */
    public void request() {
        if (scheduled) {
            return;
        }
        long wait = lastRun + intervalNanos - System.nanoTime();
        if (wait <= 0) {
            run();
        } else {
            scheduled = true;
            pending.setDuration(Duration.millis(wait / 1e6));
            pending.playFromStart();
        }
    }

    /** Runs the action now (e.g. on the clock tick), which also restarts the interval. */
    public void runNow() {
        if (scheduled) {
            pending.stop();
            scheduled = false;
        }
        run();
    }

    private void run() {
        lastRun = System.nanoTime();
        action.run();
    }
}
