package dev.watchkeeper.bench.soak;

import atlantafx.base.theme.PrimerLight;
import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.bench.Fx;
import dev.watchkeeper.bench.LiveHeap;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The soak run: the demo stack with chaos on, the console (ConsoleSession + MainWindow + epoch
 * reader) headless against it, for a given duration. Every sample interval it records heap after
 * GC, live threads, open file descriptors and sockets into a CSV; at the end it fits a robust
 * (Theil-Sen) line to each series after a warm-up quarter and fails on growth, on any ERROR logged or uncaught exception, or an unresponsive UI.
 *
 * <p>Besides the simulator's per-indexer chaos and background churn, the run rotates through
 * infrastructure faults every {@code --infra-every}: Redis restarted empty, the coordinator killed
 * for 20 s, the snapshotter paused for a minute; so reconnects and resyncs are soaked too.
 *
 * <p>Options: {@code --duration 30m --sample 30s --indexers 1000 --chaos 0.5 --churn 2 --epoch-interval 5s --infra-every 2m --out DIR}.
 */
public final class SoakRun {

    /** Allowed growth over the whole run, from the fitted slope (noise from GC and reconnects stays below these). */
    static final double MAX_HEAP_GROWTH_MB_PER_HOUR = 20;
    static final double MAX_THREAD_GROWTH = 3;
    static final double MAX_FD_GROWTH = 10;

    private static final AtomicInteger ERRORS = new AtomicInteger();
    private static final List<String> ERROR_LINES = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofMinutes(30);
        Duration sample = Duration.ofSeconds(30);
        int indexers = 1000;
        double chaos = 0.5;
        double churn = 2;
        Duration epochInterval = Duration.ofSeconds(5);
        Duration infraEvery = Duration.ofMinutes(2);
        Path out = Path.of("target/soak");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> duration = parse(args[++i]);
                case "--sample" -> sample = parse(args[++i]);
                case "--indexers" -> indexers = Integer.parseInt(args[++i]);
                case "--chaos" -> chaos = Double.parseDouble(args[++i]);
                case "--churn" -> churn = Double.parseDouble(args[++i]);
                case "--epoch-interval" -> epochInterval = parse(args[++i]);
                case "--infra-every" -> infraEvery = parse(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        countErrors();
        Files.createDirectories(out);
        Path csv = out.resolve("soak.csv");

        CountDownLatch fx = new CountDownLatch(1);
        Platform.startup(fx::countDown);
        Platform.setImplicitExit(false);
        fx.await();

        boolean ok;
        // The simulator shares this JVM: its Watch resume history is bounded by count, so a small
        // bound (full within the warm-up) keeps a filling ring from reading as the console's growth.
        // Epochs every 5 s (upstream: 30 s): after a Redis restart empties them, the 30-epoch window
        // is full again within minutes, so refilling it does not read as growth either.
        SimConfig config = SimConfig.defaults().withIndexers(indexers).withChurn(churn).withWatchHistory(2_000)
                .withEpochInterval(epochInterval);
        try (DemoStack demo = DemoStack.start(config);
             InfraFaults infra = new InfraFaults(demo.faults(), infraEvery)) {
            demo.faults().chaos(42, chaos);
            Stage[] stage = new Stage[1];
            Path audit = Files.createTempFile("watchkeeper-soak-audit", ".jsonl");
            ConsoleSession session = fx(() -> {
                ConsoleSession s = new ConsoleSession(ConsoleSession.demoProfile(demo, "soak", Duration.ofSeconds(2), Duration.ofSeconds(5)), new AuditLog(audit));
                Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
                Scene scene = new Scene(new MainWindow(s), 1000, 800);
                scene.getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("watchkeeper.css")).toExternalForm());
                stage[0] = new Stage();
                stage[0].setScene(scene);
                stage[0].show();
                return s;
            });
            infra.start();
            HeapHistogram histogram = new HeapHistogram();
            ThreadCensus census = new ThreadCensus();

            double trendFrom = trendFrom(duration, sample, infraEvery);
            boolean baselined = false;
            List<double[]> samples = new ArrayList<>();
            StringBuilder lines = new StringBuilder("seconds,heap_mb,threads,fds,sockets,rows,ui_ms,errors\n");
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            System.out.printf(Locale.ROOT, "soak: %d indexers, chaos %.2f faults/s, churn %.1f changes/s, infrastructure fault every %s, %s, sampling every %s into %s%n",
                    indexers, chaos, churn, infraEvery, duration, sample, csv);
            while (true) {
                double t = (System.nanoTime() - start) / 1e9;
                double[] s = sample(t, session);
                samples.add(s);
                String line = String.format(Locale.ROOT, "%.0f,%.1f,%.0f,%.0f,%.0f,%.0f,%.0f,%d", s[0], s[1], s[2], s[3], s[4], s[5], s[6], ERRORS.get());
                lines.append(line).append('\n');
                Files.writeString(csv, lines);
                System.out.println("soak sample " + line);
                if (!baselined && t + sample.toSeconds() >= trendFrom) {
                    // just before the first sample of the trend, so the baseline's own memory is in every one of them
                    histogram.baseline();
                    census.baseline();
                    baselined = true;
                }
                if (System.nanoTime() + sample.toNanos() > end + sample.toNanos() / 2) {
                    break;
                }
                Thread.sleep(sample.toMillis());
            }
            String growth = histogram.growth(20) + "\n" + census.growth();
            Files.writeString(out.resolve("soak-growth.txt"), growth);
            System.out.print(growth);
            List<String> chaosLog = demo.faults().chaosLog();
            demo.faults().stopChaos();
            infra.close();
            fx(() -> {
                stage[0].hide();
                session.close();
                return null;
            });
            ok = verdict(samples, trendFrom, chaosLog.size(), infra.injected(), out);
        }
        Platform.exit();
        System.exit(ok ? 0 : 1);
    }

    /** t, heap MB after GC, threads, fds, sockets, rows, UI round trip ms. */
    private static double[] sample(double t, ConsoleSession session) throws Exception {
        double heap = LiveHeap.afterFullGc() / 1048576.0;
        // not ours: the JVM starts "Attach Listener" when jcmd or a profiler attaches to look inside
        int threads = (int) Thread.getAllStackTraces().keySet().stream().filter(th -> !th.getName().equals("Attach Listener")).count();
        int fds = 0;
        int sockets = 0;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                fds++;
                try {
                    if (Files.readSymbolicLink(p).toString().startsWith("socket:")) {
                        sockets++;
                    }
                } catch (IOException gone) {
                    // closed between list and read
                }
            }
        }
        long t0 = System.nanoTime();
        int rows = fx(() -> session.fleet().allRows().size());
        double uiMs = (System.nanoTime() - t0) / 1e6;
        return new double[]{t, heap, threads, fds, sockets, rows, uiMs};
    }

    /**
     * Warm-up: the first quarter of the run, or until two full rotations of infrastructure faults
     * are over (the last fault lasts a minute), whichever is later, so that the thread pools that
     * reconnects start lazily (lettuce hands each new connection the next thread of its pools),
     * the caches and the bounded histories all exist before the trend starts.
     * When that would leave fewer than four samples, the quarter alone. In seconds into the run.
     */
    static double trendFrom(Duration duration, Duration sample, Duration infraEvery) {
        double quarter = duration.toSeconds() / 4.0;
        double rotation = 2 * 3 * infraEvery.toSeconds() + 60;
        return Math.max(quarter, rotation) <= duration.toSeconds() - 3.0 * sample.toSeconds() ? Math.max(quarter, rotation) : quarter;
    }

    /** The first sample used for trends: the first at or after {@code trendFrom} seconds, leaving at least three. */
    static int firstTrendSample(List<double[]> samples, double trendFrom) {
        int i = 0;
        while (i < samples.size() && samples.get(i)[0] < trendFrom) {
            i++;
        }
        return Math.min(Math.max(2, i), Math.max(0, samples.size() - 3));
    }

    /**
     * Theil-Sen slope (median of all pairwise slopes) of column {@code col} over time, after the
     * warm-up: unlike least squares, one sample taken just before a GC cannot make a trend.
     */
    static double slopePerSecond(List<double[]> samples, int col, int from) {
        List<Double> slopes = new ArrayList<>();
        for (int i = from; i < samples.size(); i++) {
            for (int j = i + 1; j < samples.size(); j++) {
                double dt = samples.get(j)[0] - samples.get(i)[0];
                if (dt > 0) {
                    slopes.add((samples.get(j)[col] - samples.get(i)[col]) / dt);
                }
            }
        }
        if (slopes.isEmpty()) {
            return 0;
        }
        slopes.sort(null);
        int n = slopes.size();
        return n % 2 == 1 ? slopes.get(n / 2) : (slopes.get(n / 2 - 1) + slopes.get(n / 2)) / 2;
    }

    private static boolean verdict(List<double[]> samples, double trendFrom, int faults, List<String> infra, Path out) throws IOException {
        int from = firstTrendSample(samples, trendFrom);
        double span = samples.getLast()[0] - samples.get(from)[0];
        double heapPerHour = slopePerSecond(samples, 1, from) * 3600;
        double threadGrowth = slopePerSecond(samples, 2, from) * span;
        double fdGrowth = slopePerSecond(samples, 3, from) * span;
        double socketGrowth = slopePerSecond(samples, 4, from) * span;
        double maxUi = samples.stream().mapToDouble(s -> s[6]).max().orElse(0);
        List<String> problems = new ArrayList<>();
        if (heapPerHour > MAX_HEAP_GROWTH_MB_PER_HOUR) {
            problems.add(String.format(Locale.ROOT, "heap grows %.1f MB/h", heapPerHour));
        }
        if (threadGrowth > MAX_THREAD_GROWTH) {
            problems.add(String.format(Locale.ROOT, "threads grow by %.1f", threadGrowth));
        }
        if (fdGrowth > MAX_FD_GROWTH || socketGrowth > MAX_FD_GROWTH) {
            problems.add(String.format(Locale.ROOT, "file descriptors grow by %.1f (sockets %.1f)", fdGrowth, socketGrowth));
        }
        if (ERRORS.get() > 0) {
            problems.add(ERRORS.get() + " errors logged, first: " + ERROR_LINES.getFirst());
        }
        if (samples.getLast()[5] == 0) {
            problems.add("the fleet table is empty at the end");
        }
        String summary = String.format(Locale.ROOT,
                "soak %s: %d samples over %.0f s, %d chaos faults, %d infrastructure faults; heap %.1f → %.1f MB (slope %.1f MB/h), threads %.0f → %.0f (fit %+.1f), "
                        + "fds %.0f → %.0f (fit %+.1f), sockets %.0f → %.0f (fit %+.1f), UI round trip max %.0f ms, errors %d%s",
                problems.isEmpty() ? "PASSED" : "FAILED", samples.size(), samples.getLast()[0], faults, infra.size(),
                samples.getFirst()[1], samples.getLast()[1], heapPerHour, samples.getFirst()[2], samples.getLast()[2], threadGrowth,
                samples.getFirst()[3], samples.getLast()[3], fdGrowth, samples.getFirst()[4], samples.getLast()[4], socketGrowth,
                maxUi, ERRORS.get(), problems.isEmpty() ? "" : " — " + String.join("; ", problems));
        System.out.println(summary);
        Files.writeString(out.resolve("soak-summary.txt"), summary + "\n" + Instant.now() + "\n");
        return problems.isEmpty();
    }

    /** Counts ERROR log lines (slf4j-simple writes to System.err) and uncaught exceptions, on any thread. */
    private static void countErrors() {
        PrintStream original = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public synchronized void write(int b) {
                original.write(b);
                if (b == '\n') {
                    check(line.toString());
                    line.setLength(0);
                } else if (line.length() < 2000) {
                    line.append((char) b);
                }
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }
        }, true, StandardCharsets.UTF_8));
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            synchronized (ERROR_LINES) {
                ERROR_LINES.add("uncaught in " + t.getName() + ": " + e);
            }
            ERRORS.incrementAndGet();
            original.println("uncaught in " + t.getName() + ": " + e);
        });
    }

    private static void check(String line) {
        if (line.contains(" ERROR ") || line.startsWith("Exception in thread")) {
            synchronized (ERROR_LINES) {
                ERROR_LINES.add(line);
            }
            ERRORS.incrementAndGet();
        }
    }

    static Duration parse(String s) {
        char unit = s.charAt(s.length() - 1);
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofSeconds(Long.parseLong(s));
        };
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return Fx.call(c, Duration.ofSeconds(60));
    }
}
