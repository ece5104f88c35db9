package dev.watchkeeper.app.support;

import org.testfx.util.WaitForAsyncUtils;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Runs a piece of a UI test on the FX thread and waits for its result (the tests' one helper for it). */
public final class FxCalls {

    private FxCalls() {
    }

    /** {@code c} on the FX thread; fails when it does not finish within 10 s. */
    public static <T> T fx(Callable<T> c) throws Exception {
        return fx(c, Duration.ofSeconds(10));
    }

    public static <T> T fx(Callable<T> c, Duration timeout) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
