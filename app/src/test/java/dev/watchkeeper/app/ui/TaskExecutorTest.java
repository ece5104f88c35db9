package dev.watchkeeper.app.ui;

import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The one helper for background work: work off the FX thread, outcome on it; inline for tests. */
class TaskExecutorTest {

    @BeforeAll
    static void toolkit() {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // another test in this JVM started it
        }
    }

    @Test
    void theConsolesExecutorWorksOffTheFxThreadAndHandsTheResultToIt() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BackgroundTask.wrap("sum", () -> {
            seen.add("work on FX thread: " + Platform.isFxApplicationThread());
            return 2 + 3;
        }).onSuccess(r -> seen.add("result " + r + " on FX thread: " + Platform.isFxApplicationThread())).executeWith(TaskExecutor.fx());
        await().until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("work on FX thread: false", "result 5 on FX thread: true");
    }

    @Test
    void aFailureReachesOnFailureOnTheFxThreadAndNotOnSuccess() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BackgroundTask.wrap("read", () -> {
            throw new IOException("disk gone");
        }).onSuccess(r -> seen.add("success")).onFailure(e -> seen.add(e.getMessage() + " " + Platform.isFxApplicationThread()))
                .executeWith(TaskExecutor.fx());
        await().until(() -> !seen.isEmpty());
        assertThat(seen).containsExactly("disk gone true");
    }

    @Test
    void periodicWorkRepeatsUntilItsHandleIsClosed() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AutoCloseable handle = TaskExecutor.fx().every(Duration.ofMillis(20), BackgroundTask.wrap("tick", runs::incrementAndGet));
        await().until(() -> runs.get() >= 3);
        handle.close();
        int after = runs.get();
        await().during(Duration.ofMillis(200)).until(() -> runs.get() <= after + 1);
    }

    @Test
    void theSynchronousExecutorRunsWorkAndOutcomeOnTheCallersThreadAtOnce() {
        List<String> seen = new CopyOnWriteArrayList<>();
        BackgroundTask.wrap("now", () -> "done").onSuccess(seen::add).executeWith(TaskExecutor.synchronous());
        BackgroundTask.wrap("fails", () -> {
            throw new IllegalStateException("no");
        }).onFailure(e -> seen.add("failed: " + e.getMessage())).executeWith(TaskExecutor.synchronous());
        TaskExecutor.synchronous().every(Duration.ofHours(1), BackgroundTask.wrap("once", () -> seen.add("periodic ran")));
        assertThat(seen).containsExactly("done", "failed: no", "periodic ran");
    }

    /** The console's clock (FxTicker) ticks on the FX thread without an animation, and stops when closed. */
    @Test
    void theTickerTicksOnTheFxThreadUntilClosed() {
        List<Boolean> onFxThread = new CopyOnWriteArrayList<>();
        FxTicker ticker = FxTicker.every(Duration.ofMillis(20), () -> onFxThread.add(Platform.isFxApplicationThread()));
        await().atMost(Duration.ofSeconds(5)).until(() -> onFxThread.size() >= 3);
        ticker.close();
        int afterClose = onFxThread.size() + 1; // a tick already handed to the FX thread may still run
        await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> true);

        assertThat(onFxThread).containsOnly(true);
        assertThat(onFxThread.size()).isLessThanOrEqualTo(afterClose);
    }
}
