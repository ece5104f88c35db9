package dev.watchkeeper.bench.e2e;

import com.sun.management.OperatingSystemMXBean;
import dev.watchkeeper.bench.Fx;
import dev.watchkeeper.bench.LiveHeap;
import dev.watchkeeper.bench.check.Results;
import dev.watchkeeper.demo.redis.LocalRedisCluster;
import dev.watchkeeper.demo.redis.LocalRedisServer;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.simulator.SimConfig;
import javafx.application.Platform;
import javafx.scene.control.TableView;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The end-to-end benchmark: the real console (ConsoleSession + MainWindow) and a naive baseline,
 * each in a headless window against a real Redis filled and churned by {@link ChangeWriter} in a
 * separate process. Measures load time, change-to-model / change-to-screen latency, pulse time,
 * dropped frames, heap and CPU; prints a table and writes it as Markdown.
 *
 * <p>Options: {@code --loads 1000,10000,50000 --rates 100,1000,5000 --baseline-rates 1000 --fleet 10000 --seconds 20
 * --warmup 5 --hot 20 --hot-share 0.1 --out FILE --jmh JMH_JSON --no-naive --no-fair --no-epochs
 * --workload lifecycle|production --mode notifications|polling --cluster --sort account|lifecycle|lastblock
 * --results docs/performance-results.json --profile NAME}. With {@code --results} the figures and
 * their targets ({@link Targets}) go into that file under the profile's name, and the run exits 1
 * when a target is missed.
 */
public final class EndToEndBench {

    private final Options o;
    private final DemoStack demo;
    private final Report report;
    /** The harness's {@code System.nanoTime()} at start: writers encode write times from it. */
    private final long origin = System.nanoTime();

    /** The Redis the writer fills and the consoles follow: the demo's, or one without keyspace events (polling mode). */
    private final String redis;

    /** The block streamer and runner the console polls in the production workload, or null. */
    private final String health;

    private EndToEndBench(Options o, DemoStack demo, String redis, String health, Report report) {
        this.o = o;
        this.demo = demo;
        this.redis = redis;
        this.health = health;
        this.report = report;
    }

    /** {@link HealthServer} in a process of its own (its CPU and heap are not the console's). */
    private static final class HealthProcess implements AutoCloseable {
        private final int port = LocalRedisServer.freePort();
        private final Process process;

        HealthProcess(int n) throws IOException {
            process = ChangeWriter.launchHealth(port, n);
        }

        String target() {
            return "127.0.0.1:" + port;
        }

        @Override
        public void close() {
            process.destroyForcibly(); // a gRPC server awaiting termination may outlive a plain SIGTERM
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        CountDownLatch fx = new CountDownLatch(1);
        Platform.startup(fx::countDown);
        Platform.setImplicitExit(false);
        fx.await();
        Report report = new Report(o);
        // The demo stack gives a real redis-server (keyspace notifications on, as a deployment
        // would be) and a real coordinator; its own simulated fleet is empty: ChangeWriter writes.
        try (DemoStack demo = DemoStack.start(SimConfig.defaults().withIndexers(0));
             // polling mode: a Redis that publishes no keyspace events, as most production servers
             LocalRedisServer quiet = o.polling && !o.cluster ? LocalRedisServer.start(LocalRedisServer.freePort(), List.of()) : null;
             // a Redis Cluster of three masters (no keyspace events: the console polls every node)
             LocalRedisCluster cluster = o.cluster ? LocalRedisCluster.start(3, Files.createTempDirectory("wk-bench-cluster")) : null;
             HealthProcess health = o.production ? new HealthProcess(o.fleet) : null) {
            String redis = cluster != null ? cluster.uri() : quiet != null ? quiet.uri() : demo.redisUri();
            EndToEndBench bench = new EndToEndBench(o, demo, redis, health == null ? null : health.target(), report);
            for (int n : o.loads) {
                bench.writer("load", n);
                for (Variant v : o.variants()) {
                    report.load(bench.measureLoad(v, n));
                }
            }
            bench.writer("load", o.fleet);
            rates:
            for (int rate : o.rates) {
                for (Variant v : o.variants()) {
                    if (v != Variant.WATCHKEEPER && o.baselineRates != null && Arrays.stream(o.baselineRates).noneMatch(r -> r == rate)) {
                        continue;
                    }
                    try {
                        report.rate(bench.measureRate(v, rate));
                    } catch (java.util.concurrent.TimeoutException e) {
                        // The FX thread is still busy with a backlog it will not drain: nothing after
                        // this can be measured in this JVM, so say so and stop measuring rates.
                        report.note(v.label + " at " + rate + " changes/s did not finish: its FX thread did not answer"
                                + " within 120 s (update backlog); later rates not measured in this run");
                        break rates;
                    }
                }
            }
            if (o.epochs) {
                for (String line : EpochBench.run(demo.redisUri())) {
                    report.epoch(line);
                }
            }
        }
        report.write();
        boolean met = true;
        if (o.results != null) {
            Results results = Targets.of(o, report);
            results.write(o.results);
            met = results.allMet();
        }
        Platform.exit();
        System.exit(met ? 0 : 1);
    }

    enum Variant {
        WATCHKEEPER("watchkeeper", Console.Watchkeeper::new),
        FAIR("fair baseline", Console.Fair::new),
        NAIVE("naive baseline", Console.Naive::new);

        final String label;
        final BiFunction<String, String, Console> factory;

        Variant(String label, BiFunction<String, String, Console> factory) {
            this.label = label;
            this.factory = factory;
        }
    }

    /**
     * @param windowSeconds    how long of {@code seconds} the FX thread took to build and show the window (the
     *                         reader reads meanwhile; the rows are applied and laid out after)
     * @param fxOnCoreSeconds  the FX thread's time on a core over the load (Linux; 0 elsewhere)
     * @param fxWaitingSeconds its time runnable but waiting for a core; the rest of the load it had nothing to do
     * @param machineCores     the whole machine's CPU over the load, in cores
     * @param cores            who had the cores over the load: this JVM's threads, other processes
     * @param cold             the first console opened in this JVM, of any variant, as when an operator starts one
     * @param appCache         the JVM maps the app image's ahead-of-time cache, as the image's launcher does ({@link ImageJvm})
     */
    record LoadResult(Variant variant, int n, double seconds, double windowSeconds, double fxOnCoreSeconds, double fxWaitingSeconds,
                      double machineCores, CpuCensus.Share cores, long heapMb, boolean cold, boolean appCache) {

        String jvm() {
            if (!cold) {
                return "after an earlier load in the same JVM";
            }
            return appCache ? "cold JVM from the app image, its ahead-of-time cache mapped" : "cold JVM without the app image's cache";
        }
    }

    /** Whether a console has been opened in this JVM: after that a load runs on JavaFX, the Redis client and more already loaded and compiled. */
    private boolean consoleOpened;

    record RateResult(Variant variant, int rate, int changesSeen, double modelP50, double modelP99,
                      double screenP50, double screenP99, int screenSamples, double pulseP50, double pulseP99,
                      long pulsesOver16, long missedFrames, long frames, double cpuCores, long heapMb,
                      double machineCores, double coresTakenShare, FrameGaps.Causes missedBy, CpuCensus.Share cores) {
    }

    private LoadResult measureLoad(Variant v, int n) throws Exception {
        long heapBefore = LiveHeap.afterFullGc();
        CountDownLatch loaded = new CountDownLatch(1);
        long t0 = System.nanoTime();
        boolean cold = !consoleOpened;
        MachineCpu machine = MachineCpu.start();
        CpuCensus census = CpuCensus.take();
        Opened opened = openConsole(v, n, loaded);
        long shown = System.nanoTime();
        if (!loaded.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(v.label + " did not load " + n + " indexers within 120 s");
        }
        machine.close();
        CpuCensus.Share share = CpuCensus.take().since(census);
        long loadedAt = fx(opened.probe::loadedAt);
        long[] fxSched = fx(opened.probe::loadSched);
        double seconds = (loadedAt - t0) / 1e9;
        long heap = LiveHeap.afterFullGc();
        fx(() -> {
            opened.probe.stop();
            opened.console.close();
            return null;
        });
        LoadResult r = new LoadResult(v, n, seconds, (shown - t0) / 1e9, fxSched[0] / 1e9, fxSched[1] / 1e9, machine.averageCores(), share,
                (heap - heapBefore) >> 20, cold, ImageJvm.appCache());
        System.out.printf(Locale.ROOT, "load %-15s N=%-6d %.2f s (%s; window built and shown in %.2f s; FX thread on a core %.2f s,"
                        + " waiting for one %.2f s; machine %.2f cores), heap %+d MB%n", v.label, n, r.seconds,
                r.jvm(), r.windowSeconds, r.fxOnCoreSeconds, r.fxWaitingSeconds, r.machineCores, r.heapMb);
        System.out.printf(Locale.ROOT, "  on the cores during the load: this JVM's threads %.2f s (%s); other processes %.2f s (%s)%n",
                share.threadsTotal(), CpuCensus.Share.top(share.threads(), 8), share.processesTotal(), CpuCensus.Share.top(share.processes(), 4));
        return r;
    }

    private RateResult measureRate(Variant v, int rate) throws Exception {
        long poolerFirst = PoolerWriter.firstEpochNow();
        if (o.production) {
            // a running pooler's window is there before the console opens, as in production
            awaitExit(start("pooler", Long.toString(poolerFirst)));
        }
        long heapBefore = LiveHeap.afterFullGc();
        CountDownLatch loaded = new CountDownLatch(1);
        Opened opened = openConsole(v, o.fleet, loaded);
        if (!loaded.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException(v.label + " did not load");
        }
        Process churn = start("churn", Integer.toString(o.fleet), Integer.toString(rate),
                Double.toString(o.warmup + o.seconds + 1), Integer.toString(o.hot), Double.toString(o.hotShare),
                o.production ? "production" : "lifecycle", Long.toString(poolerFirst));
        awaitStarted(churn);
        Thread.sleep((long) (o.warmup * 1000));
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        fx(() -> {
            opened.probe.record(true);
            return null;
        });
        // a failed run ends the benchmark's JVM, and with it the sampler's daemon thread and the listener
        MachineCpu machine = MachineCpu.start();
        CpuCensus census = CpuCensus.take();
        GcPauses gc = GcPauses.listen();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        Thread.sleep((long) (o.seconds * 1000));
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        fx(() -> {
            opened.probe.record(false);
            return null;
        });
        machine.close();
        CpuCensus.Share share = CpuCensus.take().since(census);
        gc.close();
        FrameGaps.Causes missedBy = fx(() -> opened.probe.gaps.causes(gc));
        awaitExit(churn);
        System.out.println("row changes seen by " + v.label + ": " + fx(() -> opened.probe.rowChanges));
        long heap = LiveHeap.afterFullGc();
        Probe p = opened.probe;
        RateResult r = fx(() -> new RateResult(v, rate, p.model.size(),
                p.model.percentileMs(50), p.model.percentileMs(99),
                p.screen.percentileMs(50), p.screen.percentileMs(99), p.screen.size(),
                p.pulse.percentileMs(50), p.pulse.percentileMs(99), p.pulse.countAbove(16_700_000),
                p.frames.missedFrames(Probe.FRAME_NANOS), p.frames.size(),
                (double) cpu / wall, (heap - heapBefore) >> 20, machine.averageCores(), machine.saturatedShare(), missedBy, share));
        fx(() -> {
            p.stop();
            opened.console.close();
            return null;
        });
        System.out.printf(Locale.ROOT, "rate %-15s %5d/s model p50 %.0f p99 %.0f ms, screen p50 %.0f p99 %.0f ms (%d), pulse p99 %.1f ms, missed frames %d (%s: %s), cpu %.2f cores (machine %.2f, taken %.0f%% of the time), heap %+d MB%n",
                v.label, rate, r.modelP50, r.modelP99, r.screenP50, r.screenP99, r.screenSamples, r.pulseP99, r.missedFrames, FrameGaps.Causes.NAMES, r.missedBy,
                r.cpuCores, r.machineCores, 100 * r.coresTakenShare, r.heapMb);
        return r;
    }

    private record Opened(Console console, Probe probe) {
    }

    private Opened openConsole(Variant v, int n, CountDownLatch loaded) throws Exception {
        Opened opened = fx(() -> open(v, n, loaded));
        consoleOpened = true;
        return opened;
    }

    /** On the FX thread: builds the console, sorts its table by the profile's column (account: the hot rows are on screen), probes it. */
    private Opened open(Variant v, int n, CountDownLatch loaded) {
        long[] fxSched = Probe.fxSched();
        Console c = v == Variant.WATCHKEEPER && o.production
                ? new Console.Watchkeeper(demo.coordinatorTarget(), redis, health, PoolerWriter.NAMESPACE)
                : v.factory.apply(demo.coordinatorTarget(), redis);
        TableView<?> table = (TableView<?>) c.stage.getScene().getRoot().lookup("#fleetTable");
        javafx.scene.control.TableColumn<?, ?> column = SortColumn.of(o.sort).find(table);
        if (column == null) {
            // the baselines' plain tables have no Last block column: they stay sorted by account
            column = table.getColumns().getFirst();
        }
        List<javafx.scene.control.TableColumn<?, ?>> order = new java.util.ArrayList<>(List.of(column));
        if (v != Variant.WATCHKEEPER && column != table.getColumns().getFirst()) {
            // Watchkeeper lists rows that tie by account; the baseline's table, sorted by account next, shows the same rows
            order.add(table.getColumns().getFirst());
        }
        table.getSortOrder().setAll(order.toArray(new javafx.scene.control.TableColumn[0]));
        Probe probe = new Probe(c, origin);
        probe.expectLoad(n, loaded, fxSched);
        return new Opened(c, probe);
    }

    private void writer(String mode, int n) throws Exception {
        awaitExit(start(mode, Integer.toString(n)));
    }

    private Process start(String mode, String... args) throws IOException {
        return ChangeWriter.launch(redis, origin, mode, args);
    }

    /** Waits until the writer says it writes (JVM start-up on a loaded machine takes seconds), then relays its output. */
    private static void awaitStarted(Process p) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
        for (String line; (line = out.readLine()) != null; ) {
            System.out.println(line);
            if (line.equals(ChangeWriter.STARTED)) {
                Thread relay = new Thread(() -> out.lines().forEach(System.out::println), "writer-output");
                relay.setDaemon(true);
                relay.start();
                return;
            }
        }
        throw new IllegalStateException("writer ended before it started churning");
    }

    private static void awaitExit(Process p) throws InterruptedException {
        ChangeWriter.awaitExit(p);
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return Fx.call(c, Duration.ofSeconds(120));
    }

    static final class Options {
        int[] loads = {1000, 10000, 50000};
        int[] rates = {100, 1000, 5000};
        /** The rates the baselines are measured at too; null: every rate. */
        int[] baselineRates;
        int fleet = 10000;
        double seconds = 20;
        double warmup = 5;
        int hot = 20;
        double hotShare = 0.1;
        boolean naive = true;
        boolean fair = true;
        boolean epochs = true;
        boolean production;
        boolean polling;
        boolean cluster;
        String sort = "account";
        Path results;
        String profile = "e2e";
        Path out;
        Path jmh;
        Instant started = Instant.now();
        String loadBefore = Results.loadAverage();

        List<Variant> variants() {
            List<Variant> out = new ArrayList<>(List.of(Variant.WATCHKEEPER));
            if (fair) {
                out.add(Variant.FAIR);
            }
            if (naive) {
                out.add(Variant.NAIVE);
            }
            return out;
        }

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--loads" -> o.loads = ints(args[++i]);
                    case "--rates" -> o.rates = ints(args[++i]);
                    case "--baseline-rates" -> o.baselineRates = ints(args[++i]);
                    case "--fleet" -> o.fleet = Integer.parseInt(args[++i]);
                    case "--seconds" -> o.seconds = Double.parseDouble(args[++i]);
                    case "--warmup" -> o.warmup = Double.parseDouble(args[++i]);
                    case "--hot" -> o.hot = Integer.parseInt(args[++i]);
                    case "--hot-share" -> o.hotShare = Double.parseDouble(args[++i]);
                    case "--no-naive" -> o.naive = false;
                    case "--no-fair" -> o.fair = false;
                    case "--no-epochs" -> o.epochs = false;
                    case "--workload" -> o.production = switch (args[++i]) {
                        case "production" -> true;
                        case "lifecycle" -> false;
                        default -> throw new IllegalArgumentException("--workload lifecycle or production, not " + args[i]);
                    };
                    case "--mode" -> o.polling = switch (args[++i]) {
                        case "polling" -> true;
                        case "notifications" -> false;
                        default -> throw new IllegalArgumentException("--mode notifications or polling, not " + args[i]);
                    };
                    case "--cluster" -> {
                        o.cluster = true;
                        o.polling = true;
                    }
                    case "--sort" -> o.sort = SortColumn.of(args[++i]).option;
                    case "--results" -> o.results = Path.of(args[++i]);
                    case "--profile" -> o.profile = args[++i];
                    case "--out" -> o.out = Path.of(args[++i]);
                    case "--jmh" -> o.jmh = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return o;
        }

        private static int[] ints(String s) {
            return Arrays.stream(s.split(",")).filter(x -> !x.isBlank()).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
        }
    }

    static boolean exists(Path p) {
        return p != null && Files.exists(p);
    }
}
