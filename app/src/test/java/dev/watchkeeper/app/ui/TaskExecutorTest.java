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
}
