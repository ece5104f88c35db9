package dev.watchkeeper.bench.epochs;

import dev.watchkeeper.connectors.ControlPlaneListener;
import dev.watchkeeper.connectors.local.CommandStats;
import dev.watchkeeper.connectors.local.LocalRedisServer;
import dev.watchkeeper.connectors.redis.EpochReader;
import dev.watchkeeper.connectors.redis.RedisSettings;
import dev.watchkeeper.model.epoch.EpochWindow;
import dev.watchkeeper.simulator.ControlPlane;
import dev.watchkeeper.simulator.Ports;
import dev.watchkeeper.simulator.SimConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Issue 12's figure: the epoch reader stays under {@value #MAX_READS_PER_SECOND} Redis commands a
 * second while the simulated pooler writes at least {@value #MIN_HSETS_PER_SECOND} per-project HSETs
 * a second (upstream's write pattern, {@code SimConfig.poolerPerProjectWrites}). Both counted by the
 * server ({@code INFO commandstats}), with keyspace notifications and without. Writes a Markdown
 * table and exits 1 when a target is missed (or the write rate was not reached, so nothing was shown).
 *
 * <p>Options: {@code --seconds 30 --projects 8000 --out FILE}.
 */
public final class EpochReadCost {

    static final double MAX_READS_PER_SECOND = 5;
    static final double MIN_HSETS_PER_SECOND = 5_000;

    private EpochReadCost() {
    }

    record Result(String mode, double seconds, long hsets, long reads, Map<String, Long> commands) {
        double hsetsPerSecond() {
            return hsets / seconds;
        }

        double readsPerSecond() {
            return reads / seconds;
        }

        boolean passed() {
            return hsetsPerSecond() >= MIN_HSETS_PER_SECOND && readsPerSecond() < MAX_READS_PER_SECOND;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = 30;
        int projects = 8_000;
        Path out = Path.of("docs/epoch-read-cost-results.md");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--projects" -> projects = Integer.parseInt(args[i + 1]);
                case "--out" -> out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Result> results = new ArrayList<>();
        results.add(run("keyspace notifications", List.of("--notify-keyspace-events", "KEA"), projects, seconds));
        results.add(run("polling every 2 s", List.of("--notify-keyspace-events", ""), projects, seconds));
        write(out, results, projects);
        boolean ok = results.stream().allMatch(Result::passed);
        System.exit(ok ? 0 : 1);
    }

    /** An epoch every 6 s: one slot a second, five of them writing {@code projects} HSETs over 0.8 s. */
    static Result run(String mode, List<String> serverArgs, int projects, int seconds) throws Exception {
        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisServer.freePort(), serverArgs);
             ControlPlane plane = ControlPlane.start(server.uri(), Ports.any(), SimConfig.defaults().withIndexers(0)
                     .withProjectsPerEpoch(projects).withEpochInterval(Duration.ofSeconds(6)).withPoolerPerProjectWrites(true))) {
            AtomicReference<EpochWindow> shown = new AtomicReference<>();
            try (EpochReader reader = new EpochReader(new RedisSettings(server.uri(), Duration.ofSeconds(2), plane.snapshotterNamespace()),
                    new ControlPlaneListener() {
                        @Override
                        public void onEpochs(EpochWindow window) {
                            shown.set(window);
                        }
                    })) {
                reader.start();
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (shown.get() == null || shown.get().epochs().size() < EpochReader.WINDOW) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(mode + ": the reader did not show the window within 120 s");
                    }
                    Thread.sleep(50);
                }
                // one epoch of warm-up past the back-filled window
                Thread.sleep(6_000);
                Map<String, Long> before = CommandStats.calls(server.uri());
                long t0 = System.nanoTime();
                Thread.sleep(seconds * 1000L);
                Map<String, Long> after = CommandStats.calls(server.uri());
                double s = (System.nanoTime() - t0) / 1e9;
                Result r = new Result(mode, s, CommandStats.between(before, after, "hset"),
                        CommandStats.readsBetween(before, after), CommandStats.deltas(before, after));
                System.out.printf(Locale.ROOT, "%s: %.0f HSETs/s, reader %.2f commands/s %s%n", mode, r.hsetsPerSecond(),
                        r.readsPerSecond(), r.commands());
                return r;
            }
        }
    }

    private static void write(Path out, List<Result> results, int projects) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Epoch reader cost against per-project pooler writes (generated)\n\n");
        b.append("Generated by `EpochReadCost` (bench module, `-Pepoch-cost`) on ").append(Instant.now())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores. The simulated pooler writes ")
                .append(projects).append(" projects per state, one HSET each, an epoch every 6 s. Commands counted by the ")
                .append("server (INFO commandstats); reader commands are all but the writers' (CommandStats.NOT_READS).\n\n");
        b.append("| mode | seconds | pooler HSETs/s (target ≥ 5,000) | reader commands/s (target < 5) | reader commands | result |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (Result r : results) {
            Map<String, Long> reads = new java.util.TreeMap<>(r.commands());
            reads.keySet().removeAll(CommandStats.NOT_READS);
            b.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f | %.2f | %s | %s |%n", r.mode(), r.seconds(),
                    r.hsetsPerSecond(), r.readsPerSecond(), reads, r.passed() ? "pass" : "FAIL"));
        }
        Files.writeString(out, b.toString());
        System.out.println("wrote " + out);
    }
}
