package dev.watchkeeper.bench.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class CpuCensusTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void aThreadThatTookTheCoreIsFoundByItsNameWithNumbersFolded() throws InterruptedException {
        CpuCensus before = CpuCensus.take();
        CountDownLatch burnt = new CountDownLatch(1);
        CountDownLatch counted = new CountDownLatch(1);
        Thread burner = new Thread(() -> {
            long until = System.nanoTime() + 300_000_000L;
            long x = 0;
            while (System.nanoTime() < until) {
                x += System.nanoTime() % 7;
            }
            burnt.countDown();
            try {
                counted.await(); // a census sees the threads alive as it is taken
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (x == 42) {
                System.out.println(x);
            }
        }, "census-burner-7");
        burner.start();
        burnt.await();

        CpuCensus.Share share = CpuCensus.take().since(before);
        counted.countDown();
        burner.join();

        assertThat(share.threads()).containsKey("census-burner-#");
        assertThat(share.threads().get("census-burner-#")).isGreaterThan(0.1);
        assertThat(share.threadsTotal()).isGreaterThanOrEqualTo(share.threads().get("census-burner-#"));
        assertThat(share.processesTotal()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void theLargestComeFirstAndWhatTookNothingIsLeftOut() {
        String top = CpuCensus.Share.top(Map.of("C# CompilerThre", 2.05, "JavaFX Applicat", 1.12, "idle", 0.001, "GC Thread##", 0.66), 2);

        assertThat(top).isEqualTo("C# CompilerThre 2.05 s, JavaFX Applicat 1.12 s");
        assertThat(CpuCensus.Share.top(Map.of("idle", 0.001), 3)).isEmpty();
    }
}
