package dev.watchkeeper.bench.soak;

import atlantafx.base.theme.PrimerLight;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.watchkeeper.app.ConsoleSession;
import dev.watchkeeper.app.MainWindow;
import dev.watchkeeper.bench.Fx;
import dev.watchkeeper.bench.LiveHeap;
import dev.watchkeeper.demo.DemoStack;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.audit.AuditLog;
import dev.watchkeeper.simulator.SimConfig;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The soak run: the demo stack (embedded Redis + simulated coordinator, block streamer, runner and
 * pooler) and the console (ConsoleSession + MainWindow, headless) in one JVM, under the load and
 * faults of issue 19, for a given duration. It fails (exit 1) when the console's model differs
 * from Redis after a fault, a command lacks its one audit outcome or the chain breaks, the FX
 * thread's p99 answer time exceeds the limit, the heap, threads or descriptors grow after the
 * warm-up, or anything is logged at ERROR. Per-minute rows go to {@code soak.csv}, the verdict to
 * {@code soak-summary.json}; {@link SoakReport} turns them into the chart and table of docs/reliability.md.
 *
 * <p>Options: {@code --duration 60m --indexers 10000 --churn 1000 --chaos 0.5 --epoch-interval 30s
 * --fault-every 45s --poll 2s --operator-every 10s --batch 20 --fx-p99-ms 250 --out DIR}.
 */
public final class SoakRun {

    private SoakRun() {
    }

    /** The run's settings. */
    record Options(Duration duration, int indexers, double churn, double chaos, Duration epochInterval, Duration faultEvery,
                   Duration poll, Duration operatorEvery, int batch, long fxP99Ms, Path out) {

        static Options parse(String[] args) {
            Duration duration = Duration.ofMinutes(60);
            int indexers = 10_000;
            double churn = 1000;
            double chaos = 0.5;
            Duration epochs = Duration.ofSeconds(30);
            Duration faultEvery = Duration.ofSeconds(45);
            Duration poll = Duration.ofSeconds(2);
            Duration operatorEvery = Duration.ofSeconds(10);
            int batch = 20;
            long fxP99 = 250;
            Path out = Path.of("target/soak");
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                if (v == null) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                try {
                    switch (args[i]) {
                        case "--duration" -> duration = SoakRun.duration(v);
                        case "--indexers" -> indexers = Integer.parseInt(v);
                        case "--churn" -> churn = Double.parseDouble(v);
                        case "--chaos" -> chaos = Double.parseDouble(v);
                        case "--epoch-interval" -> epochs = SoakRun.duration(v);
                        case "--fault-every" -> faultEvery = SoakRun.duration(v);
                        case "--poll" -> poll = SoakRun.duration(v);
                        case "--operator-every" -> operatorEvery = SoakRun.duration(v);
                        case "--batch" -> batch = Integer.parseInt(v);
                        case "--fx-p99-ms" -> fxP99 = Long.parseLong(v);
                        case "--out" -> out = Path.of(v);
                        default -> throw new IllegalArgumentException("unknown option " + args[i]);
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(args[i] + " needs a number, not " + v);
                }
                i++;
            }
            return new Options(duration, indexers, churn, chaos, epochs, faultEvery, poll, operatorEvery, batch, fxP99, out);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("soak: " + e.getMessage() + "\noptions: --duration 60m --indexers 10000 --churn 1000 --chaos 0.5 "
                    + "--epoch-interval 30s --fault-every 45s --poll 2s --operator-every 10s --batch 20 --fx-p99-ms 250 --out DIR");
            System.exit(2);
            return;
        }
        LogLines logs = new LogLines().install();
        Files.createDirectories(o.out());
        Path auditDir = o.out().resolve("audit");
        deleteTree(auditDir);
        Files.createDirectories(auditDir);

        CountDownLatch fx = new CountDownLatch(1);
        Platform.startup(fx::countDown);
        Platform.setImplicitExit(false);
        fx.await();

        boolean ok;
        // The simulator shares this JVM: its Watch resume history and its state-change log are bounded
        // by count, so a small bound (full within the warm-up) keeps a filling ring from reading as the
        // console's growth.


        SimConfig config = SimConfig.defaults().withIndexers(o.indexers()).withChurn(o.churn()).withWatchHistory(2_000)
                .withEpochInterval(o.epochInterval());
        System.out.printf(Locale.ROOT, "soak: %d indexers, %.0f changes/s, chaos %.2f faults/s, epochs every %s, a fault every %s, "
                        + "operator: %d indexers every %s, refresh %s, for %s into %s%n", o.indexers(), o.churn(), o.chaos(),
                o.epochInterval(), o.faultEvery(), o.batch(), o.operatorEvery(), o.poll(), o.duration(), o.out());
        long start = System.nanoTime();
        try (DemoStack demo = DemoStack.start(config);
             RedisTruth truth = new RedisTruth(demo.redisUri());
             FxProbe probe = new FxProbe()) {
            demo.faults().chaos(42, o.chaos());
            AuditLog audit = new AuditLog(auditDir.resolve(AuditLog.FILE_NAME));
            Stage[] stage = new Stage[1];
            AtomicLong applied = new AtomicLong();
            ConsoleSession session = fx(() -> {
                ConsoleSession s = new ConsoleSession(ConsoleSession.demoProfile(demo, "soak", o.poll(), Duration.ofSeconds(5)), audit);
                Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
                Scene scene = new Scene(new MainWindow(s), 1400, 900);
                scene.getStylesheets().add(Objects.requireNonNull(MainWindow.class.getResource("watchkeeper.css")).toExternalForm());
                stage[0] = new Stage();
                stage[0].setScene(scene);
                stage[0].show();
                s.fleet().addRowListener(row -> applied.incrementAndGet());
                return s;
            });
            // the clock starts once the console shows the whole fleet: the first load is not what is soaked
            double loaded = (System.nanoTime() - start) / 1e9 + awaitFleet(session, o.indexers());
            ScriptedOperator operator = new ScriptedOperator(session.fleet(), session.commands(), o.batch());
            InfraFaults infra = new InfraFaults(demo.faults(), o.faultEvery(), start);
            ModelChecker checker = new ModelChecker(truth, session.fleet(), demo.stateChanges(), o.poll().multipliedBy(2), infra, start);
            double caughtUp = loaded + checker.awaitFirstPass(Duration.ofMinutes(2));
            System.out.printf(Locale.ROOT, "soak: the console shows all %d indexers %.1f s after start and equals Redis %.1f s after start;"
                    + " the run starts now%n", o.indexers(), loaded, caughtUp);
            start = System.nanoTime();
            infra.restartClock(start);
            checker.restartClock(start);
            infra.onUndone(checker::faultUndone);
            probe.start();
            infra.start();
            checker.start();
            ScheduledExecutorService operatorTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "soak-operator");
                t.setDaemon(true);
                return t;
            });
            operatorTimer.scheduleWithFixedDelay(() -> Platform.runLater(operator::act),
                    o.operatorEvery().toMillis(), o.operatorEvery().toMillis(), TimeUnit.MILLISECONDS);

            Path csv = o.out().resolve("soak.csv");
            StringBuilder lines = new StringBuilder(Minute.HEADER + "\n");
            List<Minute> minutes = new ArrayList<>();
            long end = start + o.duration().toNanos();
            long written0 = demo.stateChanges().total();
            long applied0 = 0;
            long sent0 = 0;
            long finished0 = 0;
            int faults0 = 0;
            long warns0 = 0;
            // what grew, by class and by thread pool, between the end of the warm-up and the end
            HeapHistogram histogram = new HeapHistogram();
            ThreadCensus census = new ThreadCensus();
            double warmUp = warmUpSeconds(o.duration(), o.faultEvery());
            boolean baselined = false;
            for (int minute = 1; ; minute++) {
                long due = Math.min(end, start + minute * 60_000_000_000L);
                while (System.nanoTime() < due) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(1_000_000_000L, due - System.nanoTime()));
                }
                double t = (System.nanoTime() - start) / 1e9;
                probe.pausing(true);
                double heap = LiveHeap.afterFullGc() / 1048576.0;
                probe.pausing(false);
                long[] fds = descriptors();
                FxProbe.Histogram fxMinute = probe.takeMinute();
                int[] checks = checker.takeMinute();
                long written = demo.stateChanges().total();
                long[] ops = fx(() -> new long[]{operator.items(), operator.finishedItems()});
                int faults = infra.injected().size();
                Minute m = new Minute(minute, t, heap, threads(), fds[0], fds[1], fxMinute.percentile(0.5), fxMinute.percentile(0.99),
                        fxMinute.max(), written - written0, applied.get() - applied0, ops[0] - sent0, ops[1] - finished0,
                        faults - faults0, checks[0], checks[1], logs.warns() - warns0, logs.errors());
                written0 = written;
                applied0 = applied.get();
                sent0 = ops[0];
                finished0 = ops[1];
                faults0 = faults;
                warns0 = logs.warns();
                minutes.add(m);
                lines.append(m.csv()).append('\n');
                Files.writeString(csv, lines);
                System.out.println("soak minute " + m.csv());
                if (!baselined && t + 60 >= warmUp) {
                    histogram.baseline();
                    census.baseline();
                    baselined = true;
                }
                if (due >= end) {
                    break;
                }
            }
            if (baselined) {
                Files.writeString(o.out().resolve("soak-growth.txt"), histogram.growth(20) + "\n" + census.growth());
            }

            // wind down: no new faults, chaos or commands; every command followed to its outcome
            operatorTimer.shutdownNow();
            infra.close();
            demo.faults().stopChaos();
            checker.close();
            awaitQuietly(WIND_DOWN, Duration.ofMillis(500), () -> fx(operator::idle));
            boolean commandsDone = fx(operator::idle);
            // the final round: after every fault, the model equals Redis (rounds a second apart, for up to a minute)
            awaitQuietly(Duration.ofMinutes(1), Duration.ofSeconds(1), checker::round);
            List<ScriptedOperator.Sent> sent = fx(operator::sent);
            List<AuditCheck.Command> commands = sent.stream().map(s -> new AuditCheck.Command(s.reason(), s.kind().label(),
                    s.targets().stream().map(IndexerId::fullName).toList())).toList();
            List<dev.watchkeeper.model.audit.AuditEntry> entries = audit.read(null);
            List<String> auditProblems = AuditCheck.check(commands, entries, audit.verify());
            Map<String, Long> outcomes = new java.util.TreeMap<>();
            entries.forEach(e -> outcomes.merge(e.outcome(), 1L, Long::sum));
            FxProbe.Histogram fxRun = probe.run();
            probe.close();
            fx(() -> {
                stage[0].hide();
                session.close();
                return null;
            });
            Verdict verdict = new Verdict(o, minutes, checker, infra.injected(), commands, commandsDone, auditProblems,
                    outcomes, fxRun, probe.setAside(), logs, (System.nanoTime() - start) / 1e9, loaded, caughtUp);
            ok = verdict.write(o.out());
        }
        Platform.exit();
        System.exit(ok ? 0 : 1);
    }

    /** One row of soak.csv. */
    record Minute(int minute, double seconds, double heapMb, long threads, long fds, long sockets, long fxP50, long fxP99, long fxMax,
                  long changesWritten, long changesApplied, long commandsSent, long commandsFinished, long faults,
                  long checksPassed, long checksFailed, long warns, long errors) {

        static final String HEADER = "minute,seconds,heap_mb,threads,fds,sockets,fx_p50_ms,fx_p99_ms,fx_max_ms,changes_written,"
                + "changes_applied,commands_sent,commands_finished,faults,checks_passed,checks_failed,warns,errors";

        String csv() {
            return String.format(Locale.ROOT, "%d,%.0f,%.1f,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d", minute, seconds, heapMb, threads,
                    fds, sockets, fxP50, fxP99, fxMax, changesWritten, changesApplied, commandsSent, commandsFinished, faults,
                    checksPassed, checksFailed, warns, errors);
        }
    }

    /** Waits until the fleet shows {@code n} rows (at most 5 minutes); the seconds it took. */
    private static double awaitFleet(ConsoleSession session, int n) throws Exception {
        long t0 = System.nanoTime();
        if (!awaitQuietly(Duration.ofMinutes(5), Duration.ofMillis(200), () -> fx(() -> session.fleet().allRows().size()) >= n)) {
            throw new IllegalStateException("the console showed " + fx(() -> session.fleet().allRows().size())
                    + " of " + n + " indexers after 5 minutes");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Live threads, not counting the JVM's attach thread (started when jcmd or a profiler looks inside). */
    private static long threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(th -> !th.getName().equals("Attach Listener")).count();
    }

    /** {open descriptors, of which sockets}. */
    private static long[] descriptors() throws IOException {
        long fds = 0;
        long sockets = 0;
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
        return new long[]{fds, sockets};
    }

    /**
     * The warm-up left out of the growth trends: a quarter of the run, or two full rotations of the
     * faults, whichever is later (pools that reconnects start lazily, caches and bounded histories
     * all exist by then); the quarter alone when that would leave fewer than three minutes.
     */
    static double warmUpSeconds(Duration duration, Duration faultEvery) {
        double quarter = duration.toSeconds() / 4.0;
        double rotations = 2.0 * InfraFaults.Kind.values().length * faultEvery.toSeconds() + InfraFaults.OUTAGE.toSeconds();
        double later = Math.max(quarter, rotations);
        return later <= duration.toSeconds() - 180 ? later : quarter;
    }

    /** The verdict and the summary JSON. */
    private record Verdict(Options o, List<Minute> minutes, ModelChecker checker, List<InfraFaults.Fault> faults,
                           List<AuditCheck.Command> commands, boolean commandsDone, List<String> auditProblems,
                           Map<String, Long> outcomes, FxProbe.Histogram fx, long fxSetAside, LogLines logs, double seconds,
                           double fleetLoaded, double caughtUp) {

        boolean write(Path out) throws IOException {
            double warmUp = warmUpSeconds(o.duration(), o.faultEvery());
            Trends.Result trends = Trends.judge(minutes.stream()
                    .map(m -> new Trends.Point(m.seconds(), m.heapMb(), m.threads(), m.fds())).toList(), warmUp);
            List<String> problems = new ArrayList<>();
            if (checker.failed() > 0) {
                ModelChecker.Failure first = checker.failures().getFirst();
                problems.add(String.format(Locale.ROOT, "the model differed from Redis in %d of %d rounds; first at %.0f s: %s",
                        checker.failed(), checker.failed() + checker.passed(), first.atSeconds(),
                        first.mismatches().stream().limit(3).toList() + (first.mismatched() > 3 ? " and " + (first.mismatched() - 3) + " more" : "")));
            }
            if (checker.passed() == 0) {
                problems.add("no model check round could be judged");
            }
            for (InfraFaults.Fault f : faults) {
                if (f.converged == null) {
                    problems.add(String.format(Locale.ROOT, "no model check after the fault at %.0f s (%s)", f.start, f.kind.text));
                }
            }
            if (!commandsDone) {
                problems.add("commands still unfinished " + WIND_DOWN.toSeconds() + " s after the last was sent");
            }
            if (commands.isEmpty()) {
                problems.add("the operator sent no command");
            }
            problems.addAll(auditProblems);
            long p99 = fx.percentile(0.99);
            if (p99 > o.fxP99Ms()) {
                problems.add(String.format(Locale.ROOT, "the FX thread answered in %d ms at p99 (limit %d ms; max %d ms, %d of %d calls over the limit)",
                        p99, o.fxP99Ms(), fx.max(), fx.over(o.fxP99Ms()), fx.count()));
            }
            problems.addAll(trends.problems());
            if (logs.errors() > 0) {
                problems.add(logs.errors() + " ERROR lines or uncaught exceptions, first: " + logs.firstErrors().getFirst());
            }

            Map<String, Object> s = new LinkedHashMap<>();
            s.put("verdict", problems.isEmpty() ? "PASSED" : "FAILED");
            s.put("problems", problems);
            s.put("not_judged", trends.notJudged());
            s.put("finished_at", Instant.now().toString());
            s.put("seconds", Math.round(seconds));
            s.put("fleet_shown_after_start_s", Math.round(fleetLoaded * 10) / 10.0);
            s.put("model_equal_redis_after_start_s", Math.round(caughtUp * 10) / 10.0);
            Map<String, Object> load = new LinkedHashMap<>();
            load.put("indexers", o.indexers());
            load.put("changes_per_second", o.churn());
            load.put("chaos_per_second", o.chaos());
            load.put("epoch_interval_s", o.epochInterval().toSeconds());
            load.put("fault_every_s", o.faultEvery().toSeconds());
            load.put("refresh_s", o.poll().toSeconds());
            load.put("operator_every_s", o.operatorEvery().toSeconds());
            load.put("operator_batch", o.batch());
            load.put("state_changes_written", minutes.stream().mapToLong(Minute::changesWritten).sum());
            load.put("state_changes_applied", minutes.stream().mapToLong(Minute::changesApplied).sum());
            s.put("load", load);
            List<Map<String, Object>> fs = new ArrayList<>();
            for (InfraFaults.Fault f : faults) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", f.kind.text);
                m.put("start_s", Math.round(f.start));
                m.put("end_s", Double.isNaN(f.end) ? null : Math.round(f.end));
                m.put("model_equal_redis", f.converged);
                m.put("checked_after_s", Double.isNaN(f.convergedAfter) ? null : Math.round(f.convergedAfter * 10) / 10.0);
                fs.add(m);
            }
            s.put("faults", fs);
            Map<String, Object> mc = new LinkedHashMap<>();
            mc.put("settle_s", o.poll().multipliedBy(2).toSeconds());
            mc.put("rounds_passed", checker.passed());
            mc.put("rounds_failed", checker.failed());
            mc.put("rounds_not_judged", checker.notJudged());
            mc.put("values_compared", checker.compared());
            mc.put("values_changing_during_a_round", checker.unsettled());
            mc.put("failures", checker.failures());
            s.put("model_check", mc);
            Map<String, Object> cmd = new LinkedHashMap<>();
            cmd.put("bulk_commands", commands.size());
            cmd.put("items", commands.stream().mapToLong(c -> c.targets().size()).sum());
            cmd.put("all_finished", commandsDone);
            cmd.put("audit_entries_by_outcome", outcomes);
            cmd.put("audit_problems", auditProblems);
            s.put("commands", cmd);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("calls", fx.count());
            f.put("p50_ms", fx.percentile(0.5));
            f.put("p99_ms", p99);
            f.put("max_ms", fx.max());
            f.put("limit_p99_ms", o.fxP99Ms());
            f.put("set_aside_during_forced_gc", fxSetAside);
            s.put("fx", f);
            Map<String, Object> tr = new LinkedHashMap<>();
            tr.put("warm_up_s", Math.round(warmUp));
            tr.put("heap_mb_per_hour", finite(trends.heapMbPerHour()));
            tr.put("thread_growth", finite(trends.threadGrowth()));
            tr.put("fd_growth", finite(trends.fdGrowth()));
            tr.put("limits", Map.of("heap_mb_per_hour", Trends.MAX_HEAP_MB_PER_HOUR, "threads", Trends.MAX_THREAD_GROWTH,
                    "fds", Trends.MAX_FD_GROWTH));
            s.put("trends", tr);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("warn_lines", logs.warns());
            l.put("warn_kinds", logs.warnKinds());
            l.put("error_lines", logs.errors());
            l.put("first_errors", logs.firstErrors());
            s.put("log", l);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("soak-summary.json").toFile(), s);

            System.out.println("soak " + s.get("verdict") + String.format(Locale.ROOT,
                    ": %.0f s, %d faults, %d model rounds passed / %d failed, %d commands (%d items), FX p99 %d ms (max %d), "
                            + "heap %s MB/h, threads %s, fds %s, %d WARN lines, %d errors",
                    seconds, faults.size(), checker.passed(), checker.failed(), commands.size(), cmd.get("items"), p99, fx.max(),
                    tr.get("heap_mb_per_hour"), tr.get("thread_growth"), tr.get("fd_growth"), logs.warns(), logs.errors()));
            problems.forEach(p -> System.out.println("  FAILED: " + p));
            trends.notJudged().forEach(p -> System.out.println("  not judged: " + p));
            logs.warnKinds().forEach((k, n) -> System.out.println("  WARN x" + n + " " + k));
            return problems.isEmpty();
        }

        private static Double finite(double v) {
            return Double.isNaN(v) ? null : Math.round(v * 10) / 10.0;
        }
    }

    /** How long the wind-down waits for the last commands: their confirmation timeout and a margin. */
    /** Waits until {@code condition} holds, polling every {@code poll}; false when it did not within {@code atMost}. */
    static boolean awaitQuietly(Duration atMost, Duration poll, java.util.concurrent.Callable<Boolean> condition) {
        try {
            org.awaitility.Awaitility.await().pollInSameThread().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(poll).until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private static final Duration WIND_DOWN = dev.watchkeeper.app.commands.CommandModule.CONFIRM_TIMEOUT.plusSeconds(30);

    static Duration duration(String s) {
        char unit = s.charAt(s.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new IllegalArgumentException("a duration is a number with s, m or h: " + s);
        };
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return Fx.call(c, Duration.ofSeconds(60));
    }
}
