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
        while (Fx.call(() -> console.fleet().allRows().size(), Duration.ofSeconds(60)) < rows) {
            if (System.nanoTime() - t0 > 120e9) {
                throw new IllegalStateException("the console did not load " + rows + " indexers within 120 s");
            }
            Thread.sleep(200);
        }
        double loaded = (System.nanoTime() - t0) / 1e9;
        Thread.sleep((long) (warmup * 1000));

        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long rssMax = 0;
        long end = wall0 + (long) (seconds * 1e9);
        while (System.nanoTime() < end) {
            rssMax = Math.max(rssMax, rssKb());
            Thread.sleep(Math.min(1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
        double cores = (double) (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - wall0);
        rssMax = Math.max(rssMax, rssKb());
        int attention = Fx.call(() -> ((javafx.scene.control.TableView<?>) console.stage.getScene().getRoot()
                .lookup("#" + dev.watchkeeper.app.attention.AttentionView.TABLE_ID)).getItems().size(), Duration.ofSeconds(60));
        System.out.printf(Locale.ROOT, "%s loaded_s=%.2f cpu_cores=%.5f rss_mb=%.1f heap_committed_mb=%.1f attention_entries=%d%n", RESULT, loaded,
                cores, rssMax / 1024.0, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() / 1048576.0, attention);
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
