package dev.watchkeeper.bench.history;

import dev.watchkeeper.bench.e2e.Samples;
import dev.watchkeeper.history.FleetAt;
import dev.watchkeeper.history.HistoryQueries;
import dev.watchkeeper.history.HistoryRecorder;
import dev.watchkeeper.history.HistoryStore;
import dev.watchkeeper.history.RecorderSettings;
import dev.watchkeeper.history.StoreLocation;
import dev.watchkeeper.model.ExecutorHealth;
import dev.watchkeeper.model.ExecutorStatus;
import dev.watchkeeper.model.HealthBatch;
import dev.watchkeeper.model.IndexerId;
import dev.watchkeeper.model.IndexerState;
import dev.watchkeeper.model.LifecycleState;
import dev.watchkeeper.model.Progress;
import dev.watchkeeper.model.ProgressBatch;
import dev.watchkeeper.model.Source;
import dev.watchkeeper.model.StateBatch;
import dev.watchkeeper.model.StreamHealth;
import dev.watchkeeper.model.StreamStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The history's performance target (issue: rewinding any moment of a 24-hour history of 10,000
 * indexers at 100 changes/s shows the fleet in under 1 s; scrubbing redraws within 100 ms per
 * step). Records that history through the real recorder (default keyframe policy, every change
 * written) into SQLite on simulated time, then times rewinds to random moments and scrub steps
 * of one minute forward and backward. Writes a results file; exits 1 when a target is missed.
 * Options: --indexers N --rate CHANGES_PER_S --hours H --rewinds N --steps N --dir DIR --out FILE,
 * --reuse (time the reads on the store a previous run built in DIR, with the same sizes, instead of recording again).
 * Beside wall time it reports each step's CPU time on the reading thread and the collector's time
 * during the steps: on a loaded machine the wall time also holds the wait for a core.
 */
public final class HistoryBench {

    static final double REWIND_TARGET_MS = 1000;
    static final double STEP_TARGET_MS = 100;

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int indexers = 10_000;
        int rate = 100;
        double hours = 24;
        int rewinds = 40;
        int steps = 120;
        Path dir = Path.of("target/history-bench");
        Path out = null;
        boolean reuse = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--indexers" -> indexers = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--hours" -> hours = Double.parseDouble(args[++i]);
                case "--rewinds" -> rewinds = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--reuse" -> reuse = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(dir);
        Path db = dir.resolve("bench.db");
        reuse &= Files.exists(db);
        for (String suffix : reuse ? List.<String>of() : List.of("", "-wal", "-shm")) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        long changes = Math.round(hours * 3600 * rate);
        long start = Instant.parse("2026-11-29T00:00:00Z").toEpochMilli();
        long end = start + Math.round(hours * 3_600_000);
        System.out.printf("building %,d changes over %.1f h for %,d indexers into %s%n", changes, hours, indexers, db);

        try (HistoryStore store = HistoryStore.open(StoreLocation.sqlite(db))) {
            long t0 = System.nanoTime();
            long dropped = reuse ? 0 : record(store, indexers, changes, start, end);
            double buildS = reuse ? Double.NaN : (System.nanoTime() - t0) / 1e9;
            HistoryQueries q = new HistoryQueries(store);
            var counts = q.counts();
            long bytes = Files.size(db);
            System.out.printf("built in %.0f s: %s, %,d bytes%n", buildS, counts, bytes);

            Random r = new Random(42);
            Samples rewind = new Samples();
            int maxRead = 0;
            int shown = 0;
            for (int i = 0; i < rewinds; i++) {
                Instant t = Instant.ofEpochMilli(start + 60_000 + (long) (r.nextDouble() * (end - start - 60_000)));
                long n0 = System.nanoTime();
                FleetAt f = q.fleetAt(t);
                rewind.add(System.nanoTime() - n0);
                maxRead = Math.max(maxRead, f.changesRead());
                shown = f.indexers().size();
            }
            Samples forward = new Samples();
            Samples backward = new Samples();
            Samples forwardCpu = new Samples();
            Samples backwardCpu = new Samples();
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            long[] gcForward = new long[2];
            long[] gcBackward = new long[2];
            HistoryQueries.Cursor cursor = q.cursor();
            // one-minute steps over the middle half of the history
            steps = (int) Math.max(1, Math.min(steps, (end - start) / 2 / 60_000));
            long at = start + (end - start) / 4;
            cursor.moveTo(Instant.ofEpochMilli(at));
            long[] aheadForward = new long[2];
            long[] aheadBackward = new long[2];
            long[] gc0 = gc();
            for (int i = 0; i < steps; i++) {
                readAhead(cursor, at, aheadForward);
                at += 60_000;
                long c0 = threads.getCurrentThreadCpuTime();
                long n0 = System.nanoTime();
                cursor.moveTo(Instant.ofEpochMilli(at));
                forward.add(System.nanoTime() - n0);
                forwardCpu.add(threads.getCurrentThreadCpuTime() - c0);
            }
            long[] gc1 = gc();
            for (int i = 0; i < steps; i++) {
                readAhead(cursor, at, aheadBackward);
                at -= 60_000;
                long c0 = threads.getCurrentThreadCpuTime();
                long n0 = System.nanoTime();
                cursor.moveTo(Instant.ofEpochMilli(at));
                backward.add(System.nanoTime() - n0);
                backwardCpu.add(threads.getCurrentThreadCpuTime() - c0);
            }
            long[] gc2 = gc();
            gcForward[0] = gc1[0] - gc0[0];
            gcForward[1] = gc1[1] - gc0[1];
            gcBackward[0] = gc2[0] - gc1[0];
            gcBackward[1] = gc2[1] - gc1[1];
            // the same steps as the operator sees them: asked for on the time bar, drawn in the console's fleet table
            HistoryRedraw.Result redraw = HistoryRedraw.measure(store, start + (end - start) / 4, steps);
            boolean rewindOk = rewind.percentileMs(100) < REWIND_TARGET_MS;
            boolean stepOk = forward.percentileMs(100) < STEP_TARGET_MS && backward.percentileMs(100) < STEP_TARGET_MS
                    && redraw.forward().percentileMs(100) < STEP_TARGET_MS && redraw.backward().percentileMs(100) < STEP_TARGET_MS;
            String report = report(indexers, rate, hours, changes, dropped, buildS, counts, bytes, rewind, maxRead, shown,
                    forward, backward, redraw, rewindOk, stepOk)
                    + cpuReport(forwardCpu, backwardCpu, redraw, gcForward, gcBackward)
                    + String.format(Locale.ROOT, "%nRead ahead between the store's steps, not in their times (the stretches before the cursor's"
                            + " start, as the console's reader reads them while nothing is asked for): forward %d pieces, %d ms; backward %d pieces, %d ms.%n",
                    aheadForward[0], aheadForward[1] / 1_000_000, aheadBackward[0], aheadBackward[1] / 1_000_000);
            System.out.println(report);
            if (out != null) {
                Files.writeString(out, report);
                System.out.println("results written to " + out);
            }
            if (!rewindOk || !stepOk) {
                System.err.println("history bench: a target was missed");
                System.exit(1);
            }
        }
        // the redraw measure started the FX toolkit (implicit exit off): its thread would keep the JVM alive
        System.exit(0);
    }

    /**
     * What the console's reader does between steps while nothing is asked for (HistorySource): the
     * stretches before the cursor's start, a piece at a time, until it holds the ten minutes before
     * the moment. {@code spent} gets pieces and nanoseconds.
     */
    private static void readAhead(HistoryQueries.Cursor cursor, long atMs, long[] spent) {
        Instant reach = Instant.ofEpochMilli(atMs).minus(dev.watchkeeper.app.history.HistorySource.AHEAD);
        long n0 = System.nanoTime();
        while (cursor.readBehind(reach, dev.watchkeeper.app.history.HistorySource.AHEAD_ROWS)) {
            spent[0]++;
        }
        spent[1] += System.nanoTime() - n0;
    }

    /** Collections and milliseconds spent in them so far, over every collector. */
    static long[] gc() {
        long n = 0;
        long ms = 0;
        for (var b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[]{n, ms};
    }

    private static String cpuReport(Samples forwardCpu, Samples backwardCpu, HistoryRedraw.Result redraw, long[] gcForward, long[] gcBackward) {
        StringBuilder b = new StringBuilder();
        b.append("\nThe steps' own cost, without the wait for a core (CPU time of the reading thread; for the redrawn steps, of the history reader and the FX thread), and the collector's time"
                + " during them (all collector threads):\n\n| measure | samples | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|\n");
        cpuRow(b, "scrub step 1 min forward, CPU", forwardCpu);
        cpuRow(b, "scrub step 1 min backward, CPU", backwardCpu);
        // what a redrawn step costs the two threads it runs on, reading ahead included; the renderer is not counted
        cpuRow(b, "scrub step 1 min forward, redrawn, CPU of the history reader and the FX thread", redraw.forwardCpu());
        cpuRow(b, "scrub step 1 min backward, redrawn, CPU of the history reader and the FX thread", redraw.backwardCpu());
        b.append(String.format(Locale.ROOT, "%nCollector during the forward steps: %d collections, %d ms; during the backward steps: %d, %d ms.%n",
                gcForward[0], gcForward[1], gcBackward[0], gcBackward[1]));
        b.append(String.format(Locale.ROOT, "During the redrawn forward steps: %d collections, %d ms; during the redrawn backward steps: %d, %d ms.%n",
                redraw.gcForward()[0], redraw.gcForward()[1], redraw.gcBackward()[0], redraw.gcBackward()[1]));
        return b.toString();
    }

    private static void cpuRow(StringBuilder b, String name, Samples s) {
        b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f |%n", name, s.size(), s.percentileMs(50),
                s.percentileMs(95), s.percentileMs(100)));
    }

    /** Feeds the recorder on simulated time, waiting for the writer when its queue runs deep (never dropping). */
    private static long record(HistoryStore store, int indexers, long changes, long start, long end) throws InterruptedException {
        AtomicLong now = new AtomicLong(start);
        Clock clock = new Clock() {
            @Override
            public long millis() {
                return now.get();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.get());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        RecorderSettings settings = RecorderSettings.defaults().withSampleInterval(Duration.ZERO)
                .withRetention(Duration.ofDays(3650), Long.MAX_VALUE);
        HistoryRecorder rec = new HistoryRecorder(store, settings, clock).start();
        List<IndexerId> ids = new ArrayList<>();
        List<IndexerState> fleet = new ArrayList<>();
        for (int i = 0; i < indexers; i++) {
            IndexerId id = new IndexerId("acct" + (i % 400) + ".near", "indexer_" + i);
            ids.add(id);
            fleet.add(IndexerState.of(id, LifecycleState.RUNNING, true));
        }
        rec.onStates(StateBatch.full(fleet, clock.instant()));
        Random r = new Random(7);
        LifecycleState[] states = {LifecycleState.RUNNING, LifecycleState.SUSPENDED, LifecycleState.REPAIRING, LifecycleState.INITIALIZING};
        StreamHealth[] streams = {StreamHealth.RUNNING, StreamHealth.WAITING, StreamHealth.STALLED, StreamHealth.IDLE};
        ExecutorHealth[] executors = {ExecutorHealth.RUNNING, ExecutorHealth.FAILING, ExecutorHealth.STALLED, ExecutorHealth.WAITING};
        long[] blocks = new long[indexers];
        // each change really changes something: the next value differs from the indexer's current one
        int[] lifecycle = new int[indexers];
        int[] stream = new int[indexers];
        int[] executor = new int[indexers];
        double step = (double) (end - start) / changes;
        long reported = 0;
        for (long n = 0; n < changes; n++) {
            now.set(start + (long) (n * step) + 1);
            int i = r.nextInt(indexers);
            IndexerId id = ids.get(i);
            Instant at = clock.instant();
            switch (r.nextInt(3)) {
                case 0 -> {
                    lifecycle[i] = (lifecycle[i] + 1 + r.nextInt(states.length - 1)) % states.length;
                    rec.onStates(StateBatch.changes(List.of(IndexerState.of(id, states[lifecycle[i]], lifecycle[i] != 1)), Set.of(), at));
                }
                case 1 -> {
                    if (r.nextBoolean()) {
                        stream[i] = (stream[i] + 1 + r.nextInt(streams.length - 1)) % streams.length;
                        rec.onHealth(new HealthBatch(Source.BLOCK_STREAMER, List.of(new StreamStatus(id, "s" + i, 1, streams[stream[i]],
                                at.getEpochSecond())), List.of(), false, at));
                    } else {
                        executor[i] = (executor[i] + 1 + r.nextInt(executors.length - 1)) % executors.length;
                        rec.onHealth(new HealthBatch(Source.RUNNER, List.of(), List.of(new ExecutorStatus(id, "e" + i, 1,
                                executors[executor[i]])), false, at));
                    }
                }
                default -> {
                    blocks[i] += 1 + r.nextInt(50);
                    rec.onProgress(new ProgressBatch(List.of(new Progress(id, 120_000_000L + blocks[i], (long) r.nextInt(100), null)), at));
                }
            }
            while (rec.stats().queued() > 100_000) {
                Thread.sleep(5);
            }
            if (n - reported >= 1_000_000) {
                reported = n;
                System.out.printf("  %,d changes, %,d committed%n", n, rec.stats().recorded());
            }
        }
        rec.close();
        return rec.stats().dropped();
    }

    private static String report(int indexers, int rate, double hours, long changes, long dropped, double buildS, java.util.Map<String, Long> counts,
                                 long bytes, Samples rewind, int maxRead, int shown, Samples forward, Samples backward,
                                 HistoryRedraw.Result redraw, boolean rewindOk, boolean stepOk) {
        StringBuilder b = new StringBuilder();
        b.append("# History benchmark results\n\n");
        b.append("Written by `bench/src/main/java/dev/watchkeeper/bench/history/HistoryBench.java` (")
                .append("`mvn -o -q -pl bench -am -Phistory-bench -DskipTests verify`); do not edit by hand.\n\n");
        b.append(String.format(Locale.ROOT, "- Run: %s, %d cores, Java %s, load average at the end %.1f%n", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        b.append(String.format(Locale.ROOT, "- History: %,d indexers, %d changes/s for %.1f h = %,d changes (every change written, no sampling), SQLite%n",
                indexers, rate, hours, changes));
        if (Double.isNaN(buildS)) {
            b.append("- Recording: the store of the previous run with these sizes (--reuse); its recording figures are not measured here\n");
        } else {
            b.append(String.format(Locale.ROOT, "- Recording: %.0f s through the recorder = %,.0f changes/s sustained, %,d dropped%n",
                    buildS, changes / buildS, dropped));
        }
        b.append(String.format(Locale.ROOT, "- Store: %,d bytes (%.0f bytes per change); rows: %s%n", bytes, (double) bytes / changes, counts));
        b.append("\n| measure | samples | p50 ms | p95 ms | max ms | target | met |\n|---|---|---|---|---|---|---|\n");
        row(b, "rewind to a random moment (fleet of " + shown + ")", rewind, "< 1000 ms", rewindOk);
        row(b, "scrub step 1 min forward", forward, "< 100 ms", forward.percentileMs(100) < STEP_TARGET_MS);
        row(b, "scrub step 1 min backward", backward, "< 100 ms", backward.percentileMs(100) < STEP_TARGET_MS);
        row(b, "scrub step 1 min forward, redrawn (time bar to laid-out fleet table of " + redraw.rows() + ")", redraw.forward(), "< 100 ms",
                redraw.forward().percentileMs(100) < STEP_TARGET_MS);
        row(b, "scrub step 1 min backward, redrawn", redraw.backward(), "< 100 ms", redraw.backward().percentileMs(100) < STEP_TARGET_MS);
        b.append(String.format(Locale.ROOT, "%nMost changes read after a keyframe in one rewind: %,d. The redrawn steps run the console's"
                + " own `RewindModel` and `FleetView` (%d×%d, software rendering): store read, \"in state\" look-back, hand-off to the FX"
                + " thread, view-model update and table layout, in wall time, after %d steps not measured (the first steps compile the code).%n",
                maxRead, HistoryRedraw.WIDTH, HistoryRedraw.HEIGHT, HistoryRedraw.WARM_UP_STEPS));
        b.append("\nResult: ").append(rewindOk && stepOk ? "all targets met" : "TARGET MISSED").append(".\n");
        return b.toString();
    }

    private static void row(StringBuilder b, String name, Samples s, String target, boolean ok) {
        b.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %s | %s |%n", name, s.size(), s.percentileMs(50),
                s.percentileMs(95), s.percentileMs(100), target, ok ? "yes" : "NO"));
    }

}
