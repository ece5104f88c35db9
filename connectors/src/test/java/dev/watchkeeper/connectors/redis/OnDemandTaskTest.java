package dev.watchkeeper.connectors.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Notified keys are read once per burst, never left unread, and not at all while nothing is notified. */
class OnDemandTaskTest {

    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger runs = new AtomicInteger();

    @AfterEach
    void stop() {
        exec.shutdownNow();
    }

    @Test
    void aBurstOfAsksIsOneRun() {
        OnDemandTask t = new OnDemandTask(exec, Duration.ofMillis(50), runs::incrementAndGet);
        for (int i = 0; i < 1000; i++) {
            t.ask();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 1);
    }

    @Test
    void anAskWhileARunIsUnderWayGetsARunOfItsOwn() throws Exception {
        CountDownLatch inRun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        OnDemandTask[] t = new OnDemandTask[1];
        t[0] = new OnDemandTask(exec, Duration.ofMillis(1), () -> {
            if (runs.incrementAndGet() == 1) {
                inRun.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS); // a read still in progress when the next key is notified
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        t[0].ask();
        assertThat(inRun.await(5, TimeUnit.SECONDS)).isTrue();
        t[0].ask();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 2);
    }

    @Test
    void nothingRunsUnlessAsked() {
        new OnDemandTask(exec, Duration.ofMillis(1), runs::incrementAndGet);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 0);
    }

    @Test
    void afterCancelNoAskRuns() {
        OnDemandTask t = new OnDemandTask(exec, Duration.ofMillis(100), runs::incrementAndGet);
        t.ask();
        t.cancel();
        t.ask();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 0);
    }

    @Test
    void askingOnAClosedLoopIsQuiet() {
        exec.shutdown();
        OnDemandTask t = new OnDemandTask(exec, Duration.ofMillis(1), runs::incrementAndGet);
        t.ask();
        t.ask();
        assertThat(runs.get()).isZero();
    }
}
