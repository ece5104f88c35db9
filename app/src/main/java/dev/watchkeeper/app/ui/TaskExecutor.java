package dev.watchkeeper.app.ui;

import javafx.application.Platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where the console's one-shot and periodic background work runs ({@link BackgroundTask}).
 * Streams go through {@link FxBatcher} instead. {@link #fx()} runs work on worker threads and
 * outcomes on the FX thread; {@link #synchronous()} runs both on the caller's thread, for tests.
 */
public interface TaskExecutor {

    /** Starts {@code task} now. */
    <T> void execute(BackgroundTask<T> task);

    /** Runs {@code task} now and then every {@code period} after the previous run ended, until the handle is closed. */
    AutoCloseable every(Duration period, BackgroundTask<?> task);

    /** The console's: virtual threads for one-shot work, one daemon thread for periodic work, outcomes on the FX thread. */
    static TaskExecutor fx() {
        return Fx.INSTANCE;
    }

    /** Work and outcome on the caller's thread, at once; periodic work runs once. For tests. */
    static TaskExecutor synchronous() {
        return Synchronous.INSTANCE;
    }

    /** See {@link #fx()}. */
    final class Fx implements TaskExecutor {
        static final Fx INSTANCE = new Fx();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wk-periodic");
            t.setDaemon(true);
            return t;
        });

        private Fx() {
        }

        @Override
        public <T> void execute(BackgroundTask<T> task) {
            Thread.ofVirtual().name("wk-" + task.name()).start(() -> Platform.runLater(task.runWork()));
        }

        @Override
        public AutoCloseable every(Duration period, BackgroundTask<?> task) {
            ScheduledFuture<?> f = timer.scheduleWithFixedDelay(() -> Platform.runLater(task.runWork()), 0, period.toMillis(),
                    TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }
    }

    /** See {@link #synchronous()}. */
    final class Synchronous implements TaskExecutor {
        static final Synchronous INSTANCE = new Synchronous();

        private Synchronous() {
        }

        @Override
        public <T> void execute(BackgroundTask<T> task) {
            task.runWork().run();
        }

        @Override
        public AutoCloseable every(Duration period, BackgroundTask<?> task) {
            task.runWork().run();
            return () -> { };
        }
    }
}
