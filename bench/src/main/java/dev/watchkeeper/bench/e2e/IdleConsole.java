package dev.watchkeeper.bench.e2e;

import com.sun.management.OperatingSystemMXBean;
import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.bench.Fx;
import javafx.application.Platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The idle console, alone in its process (started by {@link IdleBench}): the real session and main
 * window, headless, with the Attention tab shown. Once it holds the whole fleet and has warmed up,
 * it measures its own process CPU time over a window and its resident set (VmRSS, sampled each
 * second; the largest is reported), then prints one {@value #RESULT} line and exits.
 *
 * <pre>IdleConsole COORDINATOR REDIS BLOCK_STREAMER RUNNER NAMESPACE ROWS WARMUP_S SECONDS</pre>
 * ("-" for an endpoint the console is not given)
 */
public final class IdleConsole {

    static final String RESULT = "idle-result";

    private IdleConsole() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[5]);
        double warmup = Double.parseDouble(args[6]);
        double seconds = Double.parseDouble(args[7]);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        long t0 = System.nanoTime();
        Console console = Fx.call(() -> new Console.Watchkeeper(ConsoleSession.adHocProfile("idle", args[0], args[1], given(args[2]),
                given(args[3]), given(args[4]), Duration.ofSeconds(1), Duration.ofSeconds(5), false), MainWindow.ATTENTION_TAB), Duration.ofSeconds(120));
        try {
            org.awaitility.Awaitility.await().pollInSameThread().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Fx.call(() -> console.fleet().allRows().size(), Duration.ofSeconds(60)) >= rows);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("the console did not load " + rows + " indexers within 120 s");
        }
        double loaded = (System.nanoTime() - t0) / 1e9;

        // warm-up, then the measured window: the largest RSS sampled each second on a timer
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.atomic.AtomicLong rss = new java.util.concurrent.atomic.AtomicLong();
        long[] window = new long[3]; // process CPU, wall time and JIT compilation time at its start
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        CountDownLatch measured = new CountDownLatch(1);
        long warmupMs = (long) (warmup * 1000);
        timer.schedule(() -> {
            window[0] = os.getProcessCpuTime();
            window[1] = System.nanoTime();
            window[2] = jit.getTotalCompilationTime();
        }, warmupMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(() -> {
            try {
                rss.accumulateAndGet(rssKb(), Math::max);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, warmupMs, 1000, java.util.concurrent.TimeUnit.MILLISECONDS);
        timer.schedule(measured::countDown, warmupMs + (long) (seconds * 1000), java.util.concurrent.TimeUnit.MILLISECONDS);
        measured.await();
        timer.shutdownNow();
        double cores = (double) (os.getProcessCpuTime() - window[0]) / (System.nanoTime() - window[1]);
        // the compiler threads' share: code that runs once a second reaches its compile thresholds only after minutes
        double jitCores = (jit.getTotalCompilationTime() - window[2]) * 1e6 / (System.nanoTime() - window[1]);
        long rssMax = Math.max(rss.get(), rssKb());
        int attention = Fx.call(() -> ((javafx.scene.control.TableView<?>) console.stage.getScene().getRoot()
                .lookup("#" + dev.watchkeeper.app.attention.AttentionView.TABLE_ID)).getItems().size(), Duration.ofSeconds(60));
        System.out.printf(Locale.ROOT, "%s loaded_s=%.2f cpu_cores=%.5f rss_mb=%.1f heap_committed_mb=%.1f attention_entries=%d jit_cores=%.5f%n", RESULT, loaded,
                cores, rssMax / 1024.0, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0, attention, jitCores);
        System.out.flush();
        System.exit(0); // shutdown hooks run: a flight recording is written
    }

    /** "-" stands for an endpoint the console is not given. */
    private static String given(String arg) {
        return arg.equals("-") ? null : arg;
    }

    /** This process's resident set size in kB (/proc/self/status VmRSS). */
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
