package dev.watchkeeper.bench;

import javafx.application.Platform;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs work on the FX thread from a harness thread and waits for its result. */
public final class Fx {

    private Fx() {
    }

    /** Fails with a TimeoutException when the FX thread does not get to it within {@code timeout}. */
    public static <T> T call(Callable<T> c, Duration timeout) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
